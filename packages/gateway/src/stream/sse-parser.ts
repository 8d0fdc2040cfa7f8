/**
 * An incremental Server-Sent Events parser: bytes in as they arrive, one callback per complete event with its
 * `data` (multi-line data joined by "\n") and `event` name. Comments (": keep-alive") are skipped. CRLF and CR
 * line ends are accepted (some servers send them).
 */
export type SseHandler = (data: string, event: string | undefined) => void;

export class SseParser {
  private buf = "";
  private readonly decoder = new TextDecoder();

  push(chunk: Uint8Array, onEvent: SseHandler): void {
    let text = this.decoder.decode(chunk, { stream: true });
    if (text.includes("\r")) text = text.replace(/\r\n?/g, "\n");
    let buf = this.buf.length === 0 ? text : this.buf + text;
    let start = 0;
    let end: number;
    while ((end = buf.indexOf("\n\n", start)) !== -1) {
      this.emit(buf, start, end, onEvent);
      start = end + 2;
    }
    buf = start === 0 ? buf : buf.slice(start);
    this.buf = buf;
  }

  /** Unparsed bytes left at the end of the stream: a cut event. */
  get remainder(): string {
    return this.buf;
  }

  private emit(buf: string, start: number, end: number, onEvent: SseHandler): void {
    let data: string | undefined;
    let event: string | undefined;
    let i = start;
    while (i < end) {
      let nl = buf.indexOf("\n", i);
      if (nl === -1 || nl > end) nl = end;
      if (buf.startsWith("data:", i)) {
        const v = buf.slice(buf.charCodeAt(i + 5) === 32 ? i + 6 : i + 5, nl);
        data = data === undefined ? v : `${data}\n${v}`;
      } else if (buf.startsWith("event:", i)) event = buf.slice(i + 6, nl).trim();
      i = nl + 1;
    }
    if (data !== undefined) onEvent(data, event);
  }
}
