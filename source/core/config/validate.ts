/**
 * A small validator for the subset of JSON Schema that agentgrid's own schemas use. It exists so that a broken
 * settings file is reported in the user's terms ("`maxFps` must be a whole number from 1 to 240, found "fast"")
 * rather than in a validator library's, and so the same messages serve the user file and the repository file.
 */
export type JsonSchema = {
	type?: JsonType | JsonType[];
	description?: string;
	default?: unknown;
	enum?: readonly unknown[];
	minimum?: number;
	maximum?: number;
	minLength?: number;
	minItems?: number;
	maxItems?: number;
	pattern?: string;
	properties?: Record<string, JsonSchema>;
	additionalProperties?: boolean | JsonSchema;
	propertyNames?: JsonSchema;
	required?: readonly string[];
	items?: JsonSchema;
	examples?: readonly unknown[];
	$ref?: string;
	$schema?: string;
	$id?: string;
	title?: string;
	$defs?: Record<string, JsonSchema>;
	/** The value matches at least one of these (each with its own type). */
	anyOf?: readonly JsonSchema[];
};

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

export interface SchemaProblem {
	/** Dotted key path, e.g. `presets.aider.args.0`; empty for the top level. */
	key: string;
	message: string;
}

export function validateAgainstSchema(value: unknown, schema: JsonSchema, key = ''): SchemaProblem[] {
	const problems: SchemaProblem[] = [];
	check(value, schema, key, problems);
	return problems;
}

function check(value: unknown, schema: JsonSchema, key: string, problems: SchemaProblem[]): void {
	if (schema.anyOf !== undefined) {
		checkAnyOf(value, schema.anyOf, key, problems);
		return;
	}
	if (schema.type !== undefined && !matchesType(value, schema.type)) {
		problems.push({key, message: `must be ${describeType(schema.type)}, found ${describeValue(value)}`});
		return;
	}
	if (schema.enum !== undefined && !schema.enum.some(allowed => allowed === value)) {
		const allowed = schema.enum.map(item => JSON.stringify(item)).join(', ');
		problems.push({key, message: `must be one of ${allowed}, found ${describeValue(value)}`});
		return;
	}
	if (typeof value === 'number') {
		checkNumber(value, schema, key, problems);
	} else if (typeof value === 'string') {
		checkString(value, schema, key, problems);
	} else if (Array.isArray(value)) {
		checkArray(value, schema, key, problems);
	} else if (isPlainObject(value)) {
		checkObject(value, schema, key, problems);
	}
}

/** No branch matches: the problems of the branch of the value's own type, or which types would do. */
function checkAnyOf(value: unknown, branches: readonly JsonSchema[], key: string, problems: SchemaProblem[]): void {
	const attempts = branches.map(branch => validateAgainstSchema(value, branch, key));
	if (attempts.some(attempt => attempt.length === 0)) return;
	const sameType = branches.findIndex(branch => branch.type === undefined || matchesType(value, branch.type));
	if (sameType >= 0) {
		problems.push(...attempts[sameType]);
		return;
	}
	const types = branches.flatMap(branch => (branch.type === undefined ? [] : [describeType(branch.type)]));
	problems.push({key, message: `must be ${types.join(' or ')}, found ${describeValue(value)}`});
}

function checkNumber(value: number, schema: JsonSchema, key: string, problems: SchemaProblem[]): void {
	if (schema.minimum !== undefined && value < schema.minimum) {
		problems.push({key, message: `must be at least ${schema.minimum}, found ${value}`});
	}
	if (schema.maximum !== undefined && value > schema.maximum) {
		problems.push({key, message: `must be at most ${schema.maximum}, found ${value}`});
	}
}

function checkString(value: string, schema: JsonSchema, key: string, problems: SchemaProblem[]): void {
	if (schema.minLength !== undefined && value.length < schema.minLength) {
		problems.push({key, message: schema.minLength === 1 ? 'must not be empty' : `must have at least ${schema.minLength} characters`});
	}
	if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) {
		problems.push({key, message: `has an invalid format (${JSON.stringify(value)} does not match ${schema.pattern})`});
	}
}

function checkArray(value: unknown[], schema: JsonSchema, key: string, problems: SchemaProblem[]): void {
	if (schema.minItems !== undefined && value.length < schema.minItems) {
		problems.push({key, message: `must have at least ${schema.minItems} item(s), found ${value.length}`});
	}
	if (schema.maxItems !== undefined && value.length > schema.maxItems) {
		problems.push({key, message: `must have at most ${schema.maxItems} item(s), found ${value.length}`});
	}
	if (schema.items) {
		for (const [index, item] of value.entries()) {
			check(item, schema.items, join(key, String(index)), problems);
		}
	}
}

function checkObject(value: Record<string, unknown>, schema: JsonSchema, key: string, problems: SchemaProblem[]): void {
	for (const name of schema.required ?? []) {
		if (!(name in value)) {
			problems.push({key: join(key, name), message: 'is required but missing'});
		}
	}
	for (const [name, item] of Object.entries(value)) {
		const itemKey = join(key, name);
		if (schema.propertyNames) {
			const nameProblems = validateAgainstSchema(name, schema.propertyNames, itemKey);
			if (nameProblems.length > 0) {
				problems.push({key: itemKey, message: `is not an allowed name: ${nameProblems[0].message}`});
				continue;
			}
		}
		const propertySchema = schema.properties?.[name];
		if (propertySchema) {
			check(item, propertySchema, itemKey, problems);
		} else if (schema.additionalProperties === false) {
			const known = Object.keys(schema.properties ?? {});
			problems.push({key: itemKey, message: `is not a known setting${suggestion(name, known)}`});
		} else if (typeof schema.additionalProperties === 'object') {
			check(item, schema.additionalProperties, itemKey, problems);
		}
	}
}

function suggestion(name: string, known: string[]): string {
	const lower = name.toLowerCase();
	const close = known.find(candidate => candidate.toLowerCase() === lower)
		?? known.find(candidate => candidate.toLowerCase().startsWith(lower.slice(0, 4)) && lower.length >= 4);
	return close ? ` (did you mean "${close}"?)` : '';
}

function matchesType(value: unknown, type: JsonType | JsonType[]): boolean {
	const types = Array.isArray(type) ? type : [type];
	return types.some(one => {
		switch (one) {
			case 'string': return typeof value === 'string';
			case 'number': return typeof value === 'number' && Number.isFinite(value);
			case 'integer': return typeof value === 'number' && Number.isInteger(value);
			case 'boolean': return typeof value === 'boolean';
			case 'array': return Array.isArray(value);
			case 'object': return isPlainObject(value);
			case 'null': return value === null;
		}
		return false;
	});
}

const typeNames: Record<JsonType, string> = {
	string: 'a string',
	number: 'a number',
	integer: 'a whole number',
	boolean: 'true or false',
	object: 'an object',
	array: 'a list',
	null: 'null',
};

function describeType(type: JsonType | JsonType[]): string {
	return (Array.isArray(type) ? type : [type]).map(one => typeNames[one]).join(' or ');
}

export function describeValue(value: unknown): string {
	if (value === null) {
		return 'null';
	}
	if (Array.isArray(value)) {
		return 'a list';
	}
	if (typeof value === 'object') {
		return 'an object';
	}
	if (typeof value === 'string') {
		return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
	}
	return String(value);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(key: string, name: string): string {
	return key === '' ? name : `${key}.${name}`;
}

/** One line per problem, for an error message about `file`. */
export function formatProblems(problems: SchemaProblem[]): string {
	return problems.map(problem => problem.key === '' ? `  - the file ${problem.message}` : `  - "${problem.key}" ${problem.message}`).join('\n');
}
