export {defaultCommands, screenScopes, type Command, type KeymapState, type Scope, type ScreenScope} from './commands.js';
export {buildKeymap, Keymap, type Binding, type BoundCommand, type KeymapOptions, type KeySpace} from './keymap.js';
export {keyLabel, keyNotationHelp, keyOf, parseKey} from './keys.js';
export {defaultPrefix, parsePrefix, type Prefix} from './prefix.js';
export {formatKeys, keysOf, helpSections, hintItems, keyTableMarkdown, screenHints, statusHints, type HelpSection, type HintItem} from './present.js';
