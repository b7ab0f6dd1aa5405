import { createDecipheriv, createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { mention, type Card } from "../../src/core/card.ts";
import { encryptAttachment } from "../../src/platforms/matrix/attachments.ts";
import { MATRIX_MAX_PLAINTEXT_BYTES } from "../../src/platforms/matrix/limits.ts";
import { bangCommands, cardToMatrix, escapeHtml, neutralise } from "../../src/platforms/matrix/render.ts";

const labels = {
  more: (n: number) => `+${n} more`,
  choicesHint: "Reply !1, !2…",
  commands: ["aide", "mesure", "candidature"],
};

describe("Matrix renderer", () => {
  const card: Card = {
    title: "Candidature C-2026-001",
    tone: "success",
    visibility: "channel",
    fields: [{ label: "Ménage", value: "M-2026-014" }],
    lines: ["Déposée par l'équipe."],
    buttons: [
      { label: "Valider", command: "candidature.decider", args: { ref: "C-2026-001", decision: "validee" } },
      {
        label: "Refuser",
        command: "candidature.decider",
        args: { ref: "C-2026-001", decision: "refusee" },
        ask: ["motif"],
      },
    ],
    footer: "#r-abc",
  };

  it("renders an m.notice with a plain body and an HTML body, choices numbered with their keycaps", () => {
    const notice = cardToMatrix(card, labels);
    expect(notice.msgtype).toBe("m.notice");
    expect(notice.format).toBe("org.matrix.custom.html");
    expect(notice.body.split("\n")).toEqual([
      "✅ Candidature C-2026-001",
      "Ménage : M-2026-014",
      "Déposée par l'équipe.",
      "1️⃣ !1 — Valider",
      "2️⃣ !2 — Refuser",
      "Reply !1, !2…",
      "#r-abc",
    ]);
    expect(notice.formatted_body).toContain("<li><strong>Ménage</strong> : M-2026-014</li>");
    expect(notice.formatted_body).toContain("<sub>#r-abc</sub>");
    expect(notice["m.mentions"]).toEqual({});
  });

  it("makes member text inert: HTML is escaped, @room and permalinks cannot ping or become pills", () => {
    const notice = cardToMatrix(
      {
        title: "Note",
        visibility: "channel",
        lines: ['<a href="https://matrix.to/#/@boss:server">chef</a> @room urgent', "@ROOM aussi"],
      },
      labels,
    );
    expect(notice.formatted_body).not.toContain("<a ");
    expect(notice.formatted_body).toContain("&lt;a href=&quot;");
    expect(notice.body).not.toMatch(/@room/i);
    expect(notice.body).toContain("@\u2060room");
    expect(notice.body).not.toContain("matrix.to");
    expect(notice["m.mentions"]).toEqual({});
    expect(neutralise("@room")).not.toBe("@room");
    expect(escapeHtml(`<b>"x" & y</b>`)).toBe("&lt;b&gt;&quot;x&quot; &amp; y&lt;/b&gt;");
  });

  it("turns the bot's own mentions into pills and intentional mentions", () => {
    const notice = cardToMatrix(
      { title: "Action", visibility: "channel", lines: [`Pour ${mention("@alice:tchap.gouv.fr")}`] },
      labels,
    );
    expect(notice.formatted_body).toContain(
      '<a href="https://matrix.to/#/@alice:tchap.gouv.fr">@alice:tchap.gouv.fr</a>',
    );
    expect(notice.body).toContain("Pour @alice:tchap.gouv.fr");
    expect(notice["m.mentions"]).toEqual({ user_ids: ["@alice:tchap.gouv.fr"] });
  });

  it("shows the bot's commands as members type them on Matrix", () => {
    expect(bangCommands("Tapez /aide ou « /mesure ouvrir C-1 »", labels.commands)).toBe(
      "Tapez !aide ou « !mesure ouvrir C-1 »",
    );
    expect(bangCommands("https://x.org/aide et 1/mesure", labels.commands)).toBe("https://x.org/aide et 1/mesure");
  });

  it("keeps the largest cards under the encrypted event limit, with a visible 'more' line", () => {
    const lines = Array.from({ length: 2_000 }, (_, i) => `M-2026-${String(i).padStart(3, "0")} — ${"é".repeat(80)}`);
    const notice = cardToMatrix({ title: "Liste", visibility: "channel", lines }, labels);
    expect(Buffer.byteLength(JSON.stringify(notice), "utf8")).toBeLessThanOrEqual(MATRIX_MAX_PLAINTEXT_BYTES);
    expect(notice.body).toMatch(/\+\d+ more$/);
    const huge = cardToMatrix(
      {
        title: "Champs",
        visibility: "channel",
        fields: Array.from({ length: 50 }, () => ({ label: "x", value: "y".repeat(5_000) })),
      },
      labels,
    );
    expect(Buffer.byteLength(JSON.stringify(huge), "utf8")).toBeLessThanOrEqual(MATRIX_MAX_PLAINTEXT_BYTES);
  });
});

describe("Matrix attachments", () => {
  it("encrypts a file with AES-256-CTR under a fresh key, with the hash of the ciphertext", () => {
    const data = Buffer.from("%PDF-1.7 fiche-bilan");
    const { ciphertext, info } = encryptAttachment(data);
    expect(ciphertext.equals(data)).toBe(false);
    expect(info.v).toBe("v2");
    expect(info.key.alg).toBe("A256CTR");
    const iv = Buffer.from(info.iv, "base64");
    expect(iv.subarray(8).equals(Buffer.alloc(8))).toBe(true);
    expect(info.hashes.sha256).toBe(createHash("sha256").update(ciphertext).digest("base64").replace(/=+$/, ""));
    const decipher = createDecipheriv("aes-256-ctr", Buffer.from(info.key.k, "base64url"), iv);
    expect(Buffer.concat([decipher.update(ciphertext), decipher.final()]).equals(data)).toBe(true);
    expect(encryptAttachment(data).info.key.k).not.toBe(info.key.k);
  });
});
