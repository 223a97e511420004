/**
 * One WebSocket frame as an inbound item: text is taken as is, binary is decoded as UTF-8 (a
 * buffer from any realm). A frame that is not JSON, not valid UTF-8, of a kind the transport
 * cannot read, or bigger than the limit (in bytes, counted without encoding a string when the
 * limit is out of reach) is a fault item naming the request its edges name, when they do.
 */
import { ProtocolViolationError } from '../../protocol/errors.js';
import { jsonFrame, oversizedFrame, SNIFF_CHARS, sniffFrameId } from '../json-frames.js';
import { sniffId } from '../sniff-id.js';
import { inboundFault, type InboundItem } from '../transport.js';

/** Turns the frames of one connection into inbound items, no larger than `limit` bytes. */
export class FrameDecoder {
  private decoder: TextDecoder | undefined;

  constructor(private readonly limit: number) {}

  /** The item of one frame's `data`: a message, or a fault. */
  item(data: unknown): InboundItem {
    let text: string;
    if (typeof data === 'string') {
      // at most 3 bytes per UTF-16 unit: count exactly only when the limit is within reach
      if (data.length * 3 > this.limit) {
        const size = utf8Length(data);
        if (size > this.limit) {
          return oversizedFrame(size, this.limit, sniffFrameId(data));
        }
      }
      text = data;
    } else {
      const bytes = bytesOf(data);
      if (bytes === undefined) {
        return inboundFault(new ProtocolViolationError(`Server sent a WebSocket frame the transport cannot read (${Object.prototype.toString.call(data)})`));
      }
      if (bytes.byteLength > this.limit) {
        const edges = new TextDecoder('utf-8');
        const id = sniffId(edges.decode(bytes.subarray(0, SNIFF_CHARS)), edges.decode(bytes.subarray(bytes.byteLength - SNIFF_CHARS)));
        return oversizedFrame(bytes.byteLength, this.limit, id);
      }
      try {
        text = (this.decoder ??= new TextDecoder('utf-8', { fatal: true })).decode(bytes);
      } catch (error) {
        return inboundFault(new ProtocolViolationError('Server sent a binary WebSocket frame that is not valid UTF-8', undefined, { cause: error }));
      }
    }
    return jsonFrame(text, 'Server sent a WebSocket frame that is not JSON');
  }
}

/** The bytes of a binary frame, or `undefined` for data of another kind. */
function bytesOf(data: unknown): Uint8Array | undefined {
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  // by tag, not instanceof: the buffer may come from another realm (a Node vm context, an iframe)
  if (Object.prototype.toString.call(data) === '[object ArrayBuffer]') return new Uint8Array(data as ArrayBuffer);
  return undefined;
}

/** The UTF-8 size of a string, in bytes, without encoding it. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

