/** One holder at a time, in arrival order: a connection's statements, a transaction's queue. */
export class Lock {
  private tail: Promise<void> = Promise.resolve();

  /** Resolves with the release once every earlier holder has released. */
  acquire(): Promise<() => void> {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const turn = this.tail.then(() => release);
    this.tail = this.tail.then(() => held);
    return turn;
  }

  /** Runs `work` once every earlier holder has released, and releases when it settles. */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }
}
