/**
 * Gathers the requests made in one turn of the event loop and does them in one go: each caller
 * still waits for its own result (so a caller's order of steps is kept), but many callers share
 * one statement. `work` returns one result per item, in order.
 */
export class Batcher<T, R> {
  private pending: { item: T; resolve: (result: R) => void; reject: (error: unknown) => void }[] = [];

  constructor(private readonly work: (items: T[]) => Promise<R[]>) {}

  request(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      if (this.pending.length === 0) setImmediate(() => void this.flush());
      this.pending.push({ item, resolve, reject });
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    try {
      const results = await this.work(batch.map((p) => p.item));
      for (const [i, p] of batch.entries()) p.resolve(results[i] as R);
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }
}
