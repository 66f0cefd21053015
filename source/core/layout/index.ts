export type {Direction, PaneRect, Rect, Size} from './types.js';
export {fits, gridShape, minimumArea, minimumPaneSize, tile, type GridShape} from './tile.js';
export {byNumber, neighbour, type NeighbourOptions} from './navigate.js';
