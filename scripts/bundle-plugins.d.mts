import type {Plugin} from 'esbuild';

export declare const yogaWithoutFetch: Plugin;
export declare const rgiEmojiOnDemand: Plugin;
export declare const asciiOnly: Plugin;
