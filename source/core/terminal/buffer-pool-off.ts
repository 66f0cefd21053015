/**
 * Imported right before @xterm/addon-unicode-graphemes (see grapheme-widths.ts, which turns pooling back on): the
 * addon decodes its Unicode table at load from a small base64 Buffer and reads it through `buffer.buffer` from
 * offset 0, but a small Buffer is a slice of Node's shared pool at some other offset, which gives every character
 * outside the Basic Multilingual Plane the wrong width and grapheme properties. With pooling off it gets a buffer
 * of its own.
 */
export const poolSize = Buffer.poolSize;
Buffer.poolSize = 0;
