export {commandIds, defaultCommands, isCommandId, screenScopes, type Command, type CommandId, type CommandIdOf, type CommandSpec, type GridCommandId, type KeymapState, type Scope, type ScreenCommandId, type ScreenScope} from './commands.js';
export {buildKeymap, Keymap, type Binding, type BoundCommand, type KeymapOptions, type KeySpace} from './keymap.js';
export {keyLabel, keyNotationHelp, keyOf, parseKey} from './keys.js';
export {defaultPrefix, parsePrefix, type Prefix} from './prefix.js';
export {fitHints, formatKeys, keyFor, keysOf, helpSections, hintItems, keyTableMarkdown, screenHintItems, screenHints, statusHints, type HelpSection, type HintItem, type ScreenEnabled} from './present.js';
export {inkKeyOf} from './ink-key.js';
