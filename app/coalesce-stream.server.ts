import { Transform, type TransformCallback } from "node:stream";

/**
 * Joins the many small chunks React writes in one tick into one. Each chunk
 * otherwise costs a separate zlib call in the compression middleware, which
 * for a 1,000-ticket board took longer than rendering it.
 */
export class CoalesceStream extends Transform {
  private chunks: Buffer[] = [];
  private scheduled = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    this.chunks.push(chunk);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.release());
    }
    callback();
  }

  override _flush(callback: TransformCallback) {
    this.release();
    callback();
  }

  private release() {
    this.scheduled = false;
    if (this.chunks.length === 0) return;
    this.push(Buffer.concat(this.chunks));
    this.chunks = [];
  }
}
