// conform's sandbox glue: CommonJS `require`, the Spectral modules a custom function may import
// (@stoplight/spectral-functions, -core, -formats, -rulesets), the document a function sees,
// and the calls the engine makes. The natives (globalThis.__conform_*) are captured here and
// removed from the global object, so ruleset code cannot reach them.
(function () {
  'use strict';
  const g = globalThis;
  const nat = { core: g.__conform_core, resolve: g.__conform_resolve, valid: g.__conform_valid };
  delete g.__conform_core;
  delete g.__conform_resolve;
  delete g.__conform_valid;

  // A copy without cycles or functions (a cycle becomes {}), to hand a value to the engine.
  function plain(v, seen) {
    if (v === null || typeof v !== 'object') return typeof v === 'function' || typeof v === 'symbol' ? undefined : v;
    if (seen.indexOf(v) >= 0) return {};
    seen.push(v);
    let out;
    if (Array.isArray(v)) {
      out = v.map(x => { const p = plain(x, seen); return p === undefined ? null : p; });
    } else {
      out = {};
      for (const k of Object.keys(v)) { const p = plain(v[k], seen); if (p !== undefined) out[k] = p; }
    }
    seen.pop();
    return out;
  }
  const text = v => (v === undefined ? undefined : JSON.stringify(plain(v, [])));

  // @stoplight/spectral-functions: each runs the engine's own implementation.
  function core(name) {
    const fn = function (targetVal, options, context) {
      const path = context && Array.isArray(context.path) ? context.path : [];
      const out = JSON.parse(nat.core(name, text(options === undefined ? null : options), text(targetVal), JSON.stringify(path)));
      return out.length > 0 ? out : undefined;
    };
    Object.defineProperty(fn, 'name', { value: name });
    Object.defineProperty(fn, '__conform_core', { value: name });
    return fn;
  }
  const functions = {};
  for (const name of ['alphabetical', 'casing', 'defined', 'enumeration', 'falsy', 'length', 'or', 'pattern',
    'schema', 'truthy', 'typedEnum', 'undefined', 'unreferencedReusableObject', 'xor']) {
    functions[name] = core(name);
  }

  // A JSON Schema check: `{type}` alone is checked here, anything else by the engine.
  function typeOf(v) {
    if (v === null) return 'null';
    if (Array.isArray(v)) return 'array';
    if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
    return typeof v;
  }
  function validator(schema) {
    if (schema === null || schema === undefined) return null;
    const keys = typeof schema === 'object' ? Object.keys(schema) : [];
    if (keys.length === 1 && keys[0] === 'type') {
      const types = Array.isArray(schema.type) ? schema.type : [schema.type];
      return v => { const t = typeOf(v); return types.includes(t) || (t === 'integer' && types.includes('number')); };
    }
    const json = JSON.stringify(schema);
    return v => nat.valid(json, text(v));
  }

  // @stoplight/spectral-core's createRulesetFunction.
  function createRulesetFunction(descriptor, fn) {
    const d = descriptor || {};
    const validInput = validator(d.input === undefined ? null : d.input);
    const validOptions = d.options === null || d.options === undefined ? o => o === null || o === undefined : validator(d.options);
    const checked = new WeakSet();
    const wrapped = function (input, options, ...rest) {
      if (validInput !== null && !validInput(input)) {
        return d.errorOnInvalidInput ? [{ message: 'invalid input' }] : undefined;
      }
      if (!(options !== null && typeof options === 'object' && checked.has(options))) {
        if (!validOptions(options === undefined ? null : options)) {
          throw new Error(d.options === null || d.options === undefined
            ? `"${fn.name || '<unknown>'}" function does not accept any options`
            : `"functionOptions" of "${fn.name || '<unknown>'}" function must be valid`);
        }
        if (options !== null && typeof options === 'object') checked.add(options);
      }
      return fn(input, options, ...rest);
    };
    Object.defineProperty(wrapped, 'name', { value: fn.name });
    return wrapped;
  }

  // @stoplight/spectral-formats.
  const version = (doc, key, re) => doc !== null && typeof doc === 'object' && typeof doc[key] === 'string' && re.test(doc[key]);
  const formatOf = (name, test) => { Object.defineProperty(test, 'displayName', { value: name }); Object.defineProperty(test, '__conform_format', { value: name }); return test; };
  const formats = {
    oas2: formatOf('oas2', d => version(d, 'swagger', /^2\.0(?:\.\d+)?$/) || (d !== null && typeof d === 'object' && d.swagger === 2)),
    oas3: formatOf('oas3', d => version(d, 'openapi', /^3\.\d+(?:\.\d+)?/)),
    oas3_0: formatOf('oas3.0', d => version(d, 'openapi', /^3\.0(?:\.\d+)?/)),
    oas3_1: formatOf('oas3.1', d => version(d, 'openapi', /^3\.1(?:\.\d+)?/)),
    asyncapi2: formatOf('asyncapi2', d => version(d, 'asyncapi', /^2\.\d+(?:\.\d+)?/)),
    asyncapi3: formatOf('asyncapi3', d => version(d, 'asyncapi', /^3\.\d+(?:\.\d+)?/)),
    jsonSchema: formatOf('json-schema', d => d !== null && typeof d === 'object' && typeof d.$schema === 'string'),
  };
  formats.asyncApi2 = formats.asyncapi2;
  formats.aas2 = formats.asyncapi2;
  const rulesetOf = name => ({ __conform_ruleset: name });
  const builtins = {
    '@stoplight/spectral-functions': functions,
    '@stoplight/spectral-core': { createRulesetFunction },
    '@stoplight/spectral-formats': formats,
    '@stoplight/spectral-rulesets': { oas: rulesetOf('spectral:oas'), asyncapi: rulesetOf('spectral:asyncapi'), arazzo: rulesetOf('spectral:arazzo') },
    '@stoplight/types': { DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 } },
  };
  for (const b of Object.values(builtins)) Object.freeze(b);

  // CommonJS: files the engine lets the ruleset load (its own folder), nothing else.
  const modules = new Map();
  function makeRequire(from) {
    return function require(spec) {
      if (Object.prototype.hasOwnProperty.call(builtins, spec)) return builtins[spec];
      const found = JSON.parse(nat.resolve(from, String(spec)));
      if (modules.has(found.path)) return modules.get(found.path).exports;
      const module = { exports: {} };
      modules.set(found.path, module);
      if (found.kind === 'json') {
        module.exports = JSON.parse(found.source);
      } else if (found.kind === 'esm') {
        throw new Error(`cannot require the ES module ${found.path}: import it`);
      } else {
        const dir = found.path.replace(/[\\/][^\\/]*$/, '');
        const body = new Function('module', 'exports', 'require', '__filename', '__dirname', found.source);
        body.call(module.exports, module, module.exports, makeRequire(found.path), found.path, dir);
      }
      return module.exports;
    };
  }

  // The document functions see (Spectral's `context.document`, `documentInventory`).
  function decode(token) {
    let t = token.replace(/~1/g, '/').replace(/~0/g, '~');
    try { t = decodeURIComponent(t); } catch (e) { /* kept as written */ }
    return t;
  }
  function lookup(root, ref) {
    if (typeof ref !== 'string' || !ref.startsWith('#')) return undefined;
    let v = root;
    for (const token of ref.slice(1).split('/').slice(1)) {
      if (v === null || typeof v !== 'object') return undefined;
      v = v[decode(token)];
    }
    return v;
  }
  // Local `$ref`s replaced by their targets (shared), as Spectral's resolver does, but for
  // those it keeps because they would close a cycle (`kept`: their paths).
  function resolve(root, kept) {
    const keep = new Set();
    for (const path of kept) {
      const v = at(root, path);
      if (v !== null && typeof v === 'object') keep.add(v);
    }
    const target = v => {
      for (let hops = 0; hops <= 64 && v !== null && typeof v === 'object' && typeof v.$ref === 'string' && !keep.has(v); hops++) {
        const next = lookup(root, v.$ref);
        if (next === undefined) return v;
        v = next;
      }
      return v;
    };
    const stack = [root];
    while (stack.length > 0) {
      const node = stack.pop();
      for (const k of Object.keys(node)) {
        const v = node[k];
        if (v === null || typeof v !== 'object') continue;
        if (typeof v.$ref === 'string') node[k] = keep.has(v) ? v : target(v);
        else stack.push(v);
      }
    }
    return target(root);
  }
  let documentJson = null;
  let keptJson = '[]';
  let current = null;
  function load() {
    const data = JSON.parse(documentJson);
    let resolved;
    let docFormats;
    const document = {
      data,
      source: null,
      get formats() { return docFormats === undefined ? (docFormats = new Set(Object.values(formats).filter(f => f(data)))) : docFormats; },
    };
    const inventory = {
      document,
      get resolved() { return resolved === undefined ? (resolved = resolve(JSON.parse(documentJson), JSON.parse(keptJson))) : resolved; },
      graph: null,
      referencedDocuments: {},
    };
    current = { document, inventory };
  }

  const registered = [];
  const sites = [];
  const rules = [];
  const at = (root, path) => {
    let v = root;
    for (const s of path) {
      if (v === null || typeof v !== 'object') return undefined;
      v = v[s];
    }
    return v;
  };
  function result(r) {
    if (r === null || typeof r !== 'object') throw new TypeError('a result must be an object with a `message`');
    const out = { message: r.message === undefined ? '' : String(r.message) };
    if (r.path !== undefined) {
      if (!Array.isArray(r.path)) throw new TypeError('a result\'s `path` must be an array');
      out.path = r.path.map(s => (typeof s === 'number' ? s : String(s)));
    }
    return out;
  }

  g.__conform = Object.freeze({
    require: makeRequire('<ruleset>'),
    // A function's export: itself, or its `default`.
    register(exported) {
      const fn = typeof exported === 'function' ? exported : exported && exported.default;
      if (typeof fn !== 'function') throw new TypeError('the module does not export a function');
      registered.push(fn);
      return registered.length - 1;
    },
    site(fn, options) { sites.push([registered[fn], JSON.parse(options)]); return sites.length - 1; },
    rule(json) { rules.push(JSON.parse(json)); return rules.length - 1; },
    document(json, kept) { documentJson = json; keptJson = kept; current = null; },
    // kind 0: undefined; 1: `target` is the value as JSON; 2 and 3: the value is at `path` in
    // the document (2) or the resolved document (3).
    call(site, kind, target, path, rule) {
      if (current === null) load();
      const [fn, options] = sites[site];
      const p = JSON.parse(path);
      let value;
      if (kind === 1) value = JSON.parse(target);
      else if (kind === 2) value = at(current.document.data, p);
      else if (kind === 3) value = at(current.inventory.resolved, p);
      const context = { path: p, document: current.document, documentInventory: current.inventory, rule: rules[rule] };
      return fn(value, options, context);
    },
    results(out) {
      if (out === undefined || out === null) return '[]';
      if (!Array.isArray(out)) throw new TypeError('a function must return an array of results (or nothing)');
      return JSON.stringify(out.map(result));
    },
    // A ruleset object (a `.spectral.js` export) as JSON: functions become `__conform_fn:N`
    // (core ones their names), formats and built-in rulesets their names.
    ruleset(value) {
      const seen = [];
      const walk = v => {
        if (typeof v === 'function') {
          if (v.__conform_core) return v.__conform_core;
          if (v.__conform_format) return v.__conform_format;
          registered.push(v);
          return `__conform_fn:${registered.length - 1}:${v.name || 'anonymous'}`;
        }
        if (v === null || typeof v !== 'object') return v;
        if (v.__conform_ruleset) return v.__conform_ruleset;
        if (seen.indexOf(v) >= 0) throw new TypeError('the ruleset object has a cycle');
        seen.push(v);
        let out;
        if (Array.isArray(v)) out = v.map(walk);
        else if (v instanceof RegExp) out = String(v);
        else { out = {}; for (const k of Object.keys(v)) { const w = walk(v[k]); if (w !== undefined) out[k] = w; } }
        seen.pop();
        return out;
      };
      return JSON.stringify(walk(value));
    },
  });
  g.__conform_builtins = builtins;
})();
