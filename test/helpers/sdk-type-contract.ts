import path from "node:path";
import ts from "typescript";

/**
 * Checks JSON the model fakes served against the providers' SDKs' own TypeScript declarations
 * (@anthropic-ai/sdk and openai, both generated from the providers' API descriptions), read with
 * the TypeScript compiler: no schema written by hand. Neither package ships an OpenAPI document.
 *
 * `types` names what to check against, as TypeScript type expressions
 * (`import("@anthropic-ai/sdk/resources/messages").RawMessageStreamEvent`). A value keeps to a type when
 * every required property is there (one declared `T | null` may be absent), every property it has
 * is declared, and every value has the declared type; unions are matched by their `type`/`object` discriminant where there is one.
 */
export function createSdkTypeContract<Name extends string>(types: Record<Name, string>) {
  const root = path.resolve(import.meta.dirname, "../..");
  const file = path.join(root, "test/helpers/__sdk-contract-types__.ts");
  const source = Object.entries(types)
    .map(([name, expression]) => `export type ${name} = ${expression as string};`)
    .join("\n");
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    name === file ? ts.createSourceFile(name, source, language) : getSourceFile(name, language, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  const checker = program.getTypeChecker();
  const sourceFile = program.getSourceFile(file)!;
  const problems = ts.getPreEmitDiagnostics(program, sourceFile);
  if (problems.length)
    throw new Error(problems.map((problem) => ts.flattenDiagnosticMessageText(problem.messageText, "\n")).join("\n"));
  const declared = new Map<string, ts.Type>();
  sourceFile.statements.forEach((statement) => {
    if (ts.isTypeAliasDeclaration(statement)) declared.set(statement.name.text, checker.getTypeAtLocation(statement.name));
  });

  const describe = (type: ts.Type) => checker.typeToString(type).slice(0, 80);

  function propertyType(symbol: ts.Symbol) {
    return checker.getTypeOfSymbol(symbol);
  }

  /** The type's discriminant literal for `key` (`type`, `object`), if it has one. */
  function literalOf(type: ts.Type, key: string): unknown {
    const property = type.getProperty(key);
    if (!property) return undefined;
    const value = propertyType(property);
    return value.isStringLiteral() || value.isNumberLiteral() ? value.value : undefined;
  }

  /**
   * A property declared `T | null` may be absent: the SDKs declare every field their description
   * lists as present-or-null, while the APIs leave many nulls out (a text block's `citations`, a
   * message's `container`); what is there must still have its type.
   */
  function acceptsNull(type: ts.Type) {
    return type.isUnion() ? type.types.some((member) => member.flags & ts.TypeFlags.Null) : (type.flags & ts.TypeFlags.Null) !== 0;
  }

  function check(value: unknown, type: ts.Type, at: string, depth: number): string[] {
    if (depth > 40) return [];
    const flags = type.flags;
    if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return [];
    if (type.isUnion()) {
      const members = type.types;
      if (value === undefined && members.some((member) => member.flags & ts.TypeFlags.Undefined)) return [];
      for (const key of ["type", "object"]) {
        if (!value || typeof value !== "object" || !(key in value)) continue;
        const tagged = members.filter((member) => literalOf(member, key) === (value as Record<string, unknown>)[key]);
        if (tagged.length === 1) return check(value, tagged[0]!, at, depth + 1);
      }
      const attempts = members.map((member) => check(value, member, at, depth + 1));
      if (attempts.some((errors) => errors.length === 0)) return [];
      return [`${at} is none of ${describe(type)} (${attempts.sort((a, b) => a.length - b.length)[0]![0]})`];
    }
    if (type.isStringLiteral() || type.isNumberLiteral())
      return value === type.value ? [] : [`${at} is ${JSON.stringify(value)}, not ${JSON.stringify(type.value)}`];
    if (flags & ts.TypeFlags.BooleanLiteral) {
      const expected = describe(type) === "true";
      return value === expected ? [] : [`${at} is ${JSON.stringify(value)}, not ${expected}`];
    }
    if (flags & ts.TypeFlags.StringLike) return typeof value === "string" ? [] : [`${at} is not a string`];
    if (flags & ts.TypeFlags.NumberLike) return typeof value === "number" ? [] : [`${at} is not a number`];
    if (flags & ts.TypeFlags.BooleanLike) return typeof value === "boolean" ? [] : [`${at} is not a boolean`];
    if (flags & ts.TypeFlags.Null) return value === null ? [] : [`${at} is not null`];
    if (flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) return value === undefined ? [] : [`${at} should be absent`];
    if (flags & ts.TypeFlags.Never) return [`${at} should not be there`];
    if (type.isIntersection())
      return type.types.flatMap((member) => check(value, member, at, depth + 1).filter((error) => !/is not declared/.test(error)));
    if (checker.isArrayType(type) || checker.isTupleType(type)) {
      if (!Array.isArray(value)) return [`${at} is not an array`];
      const [element] = checker.getTypeArguments(type as ts.TypeReference);
      return element ? value.flatMap((item, index) => check(item, element, `${at}[${index}]`, depth + 1)) : [];
    }
    if (flags & ts.TypeFlags.Object) {
      if (!value || typeof value !== "object" || Array.isArray(value)) return [`${at} is not an object`];
      const record = value as Record<string, unknown>;
      const errors: string[] = [];
      const indexed = checker.getIndexInfosOfType(type);
      const properties = checker.getPropertiesOfType(type);
      for (const property of properties) {
        const name = property.getName();
        const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
        if (!(name in record) || record[name] === undefined) {
          if (!optional && !acceptsNull(propertyType(property))) errors.push(`${at}.${name} is missing`);
          continue;
        }
        errors.push(...check(record[name], propertyType(property), `${at}.${name}`, depth + 1));
      }
      if (!indexed.length) {
        const known = new Set(properties.map((property) => property.getName()));
        for (const name of Object.keys(record)) if (!known.has(name)) errors.push(`${at}.${name} is not declared`);
      } else {
        for (const name of Object.keys(record))
          if (!properties.some((property) => property.getName() === name))
            errors.push(...check(record[name], indexed[0]!.type, `${at}.${name}`, depth + 1));
      }
      return errors;
    }
    return [];
  }

  return {
    /** What is wrong with `value` as a `name` (empty when it keeps to the SDK's declaration). */
    check(name: Name, value: unknown): string[] {
      const type = declared.get(name);
      if (!type) throw new Error(`no type ${name}`);
      return check(value, type, "(root)", 0);
    },
  };
}
