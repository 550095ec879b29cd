/**
 * A 5×7 bitmap font for figure text (axes, ticks, legends, titles), so figures need no native canvas.
 * Each glyph is seven rows of five bits (nine for descenders: g j p q y), two hex digits per row; bit 4
 * is the leftmost column. Capitals and digits fill rows 0–6; descenders use rows 7–8.
 */

export const GLYPH_WIDTH = 5;
/** Rows above the baseline (capital height). */
export const GLYPH_HEIGHT = 7;
/** Rows of a text line, descenders included. */
export const LINE_ROWS = 9;
/** Horizontal advance per character, one column of spacing included. */
export const GLYPH_ADVANCE = 6;

const GLYPHS: Readonly<Record<string, string>> = {
  ' ': '00000000000000',
  '0': '0E11131519110E',
  '1': '040C040404040E',
  '2': '0E11010204081F',
  '3': '1F02040201110E',
  '4': '02060A121F0202',
  '5': '1F101E0101110E',
  '6': '0608101E11110E',
  '7': '1F010204080808',
  '8': '0E11110E11110E',
  '9': '0E11110F01020C',
  A: '0E1111111F1111',
  B: '1E11111E11111E',
  C: '0E11101010110E',
  D: '1C12111111121C',
  E: '1F10101E10101F',
  F: '1F10101E101010',
  G: '0E11101711110F',
  H: '1111111F111111',
  I: '0E04040404040E',
  J: '0702020202120C',
  K: '11121418141211',
  L: '1010101010101F',
  M: '111B1515111111',
  N: '11111915131111',
  O: '0E11111111110E',
  P: '1E11111E101010',
  Q: '0E11111115120D',
  R: '1E11111E141211',
  S: '0F10100E01011E',
  T: '1F040404040404',
  U: '1111111111110E',
  V: '11111111110A04',
  W: '1111111515150A',
  X: '11110A040A1111',
  Y: '1111110A040404',
  Z: '1F01020408101F',
  a: '00000E010F110F',
  b: '1010161911111E',
  c: '00000E1010110E',
  d: '01010D1311110F',
  e: '00000E111F100E',
  f: '0609081C080808',
  g: '00000F1111110F010E',
  h: '10101619111111',
  i: '04000C0404040E',
  j: '02000602020202120C',
  k: '10101214181412',
  l: '0C04040404040E',
  m: '00001A15151111',
  n: '00001619111111',
  o: '00000E1111110E',
  p: '00001E1111111E1010',
  q: '00000F1111110F0101',
  r: '00001619101010',
  s: '00000E100E011E',
  t: '08081C08080906',
  u: '0000111111130D',
  v: '00001111110A04',
  w: '0000111115150A',
  x: '0000110A040A11',
  y: '0000111111110F010E',
  z: '00001F0204081F',
  '.': '00000000000C0C',
  ',': '000000000C0408',
  '-': '0000001F000000',
  '+': '0004041F040400',
  '/': '00010204081000',
  '\\': '00100804020100',
  '%': '18190204081303',
  '(': '02040808080402',
  ')': '08040202020408',
  '[': '0E08080808080E',
  ']': '0E02020202020E',
  '{': '02040408040402',
  '}': '08040402040408',
  ':': '000C0C000C0C00',
  ';': '000C0C000C0408',
  _: '0000000000001F',
  '=': '00001F001F0000',
  '<': '02040810080402',
  '>': '08040201020408',
  "'": '0C040800000000',
  '"': '0A0A0A00000000',
  '`': '08040200000000',
  '#': '0A0A1F0A1F0A0A',
  '*': '0004150E150400',
  '!': '04040404000004',
  '?': '0E110102040004',
  '|': '04040404040404',
  '&': '0C12140815120D',
  '@': '0E11010D15150E',
  $: '040F140E051E04',
  '^': '040A1100000000',
  '~': '00000815020000',
};

const BITMAPS: ReadonlyMap<string, readonly number[]> = new Map(
  Object.entries(GLYPHS).map(([ch, hex]) => {
    if (!/^([0-9A-F]{14}|[0-9A-F]{18})$/.test(hex))
      throw new Error(`bitmap-font: glyph ${JSON.stringify(ch)} is not 7 or 9 hex bytes: ${hex}`);
    return [
      ch,
      Array.from({ length: hex.length / 2 }, (_, r) => Number.parseInt(hex.slice(2 * r, 2 * r + 2), 16)),
    ];
  }),
);

/** Every character the font draws (printable ASCII). */
export const FONT_CHARACTERS: readonly string[] = [...BITMAPS.keys()];

/** The glyph's rows (bit 4 = leftmost pixel); characters outside the font are drawn as `?`. */
export function glyphRows(ch: string): readonly number[] {
  return BITMAPS.get(ch) ?? BITMAPS.get('?')!;
}

/** Width in pixels of `text` at integer `scale`, without the trailing spacing column. */
export function textWidth(text: string, scale = 1): number {
  return text.length === 0 ? 0 : (text.length * GLYPH_ADVANCE - 1) * scale;
}
