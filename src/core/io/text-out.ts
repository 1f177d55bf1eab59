/**
 * UTF-8 output built piece by piece: text is encoded in chunks of about 1 MB, so a large
 * export (131,000 poles) never needs one giant JS string, then joined once into the bytes.
 */
const CHUNK = 1 << 20;

export class TextOut {
  private readonly enc = new TextEncoder();
  private readonly parts: Uint8Array[] = [];
  private pending: string[] = [];
  private pendingLen = 0;
  private size = 0;

  write(s: string): void {
    this.pending.push(s);
    this.pendingLen += s.length;
    if (this.pendingLen >= CHUNK) this.flush();
  }

  private flush(): void {
    if (!this.pending.length) return;
    const b = this.enc.encode(this.pending.join(''));
    this.parts.push(b);
    this.size += b.length;
    this.pending = [];
    this.pendingLen = 0;
  }

  bytes(): Uint8Array {
    this.flush();
    if (this.parts.length === 1) return this.parts[0];
    const out = new Uint8Array(this.size);
    let off = 0;
    for (const p of this.parts) {
      out.set(p, off);
      off += p.length;
    }
    return out;
  }
}
