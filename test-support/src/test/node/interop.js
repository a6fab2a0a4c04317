'use strict';
// Confluent's own Node.js registry client and Avro serde, driven by the integration tests over
// stdin/stdout (ConfluentNode): one process runs a whole batch of operations.
//
// stdin:  {"registryUrl": "...", "clients": {name: {"url"?: u, "userInfo"?: "user:pw"}}, "ops": [op, ...]}
//   Each op may name a client ("client": name); without one it uses registryUrl without credentials.
//   {"op": "register",    "subject": s, "schema": avroSchemaText}      -> {"id": n}
//   {"op": "serialize",   "topic": t, "value": view}                  -> {"hex": "00..."}
//       serializes with AvroSerializer using the subject's latest version (<topic>-value)
//   {"op": "deserialize", "topic": t, "hex": "00..."}                 -> {"id": n, "value": view}
//   {"op": "call", "method": m, "args": [...]}                        -> {"ok": result} | {"error": e}
//       calls SchemaRegistryClient.m(...args): every endpoint the client offers
//   {"op": "rest", "method": "GET", "path": p, "body"?: b}            -> {"ok": body} | {"error": e}
//       the client's own HTTP layer, for endpoints it has no method for (mode, GET /schemas, ...)
//   {"op": "clearCaches"}                                             -> {}
//   where e = {"status": httpStatus, "code": errorCode, "message": m} as the client reports a RestError.
// stdout: {"results": [...]} in the order of ops.
//
// A "view" is a plain JSON rendering of an Avro value that both sides can produce independently:
// records as objects, decimals as plain decimal strings with the schema's scale, longs (also
// timestamp-millis) as numbers, enums and strings as strings, other bytes/fixed as hex, null as null.

const { SchemaRegistryClient, SerdeType, AvroSerializer, AvroDeserializer } = require('@confluentinc/schemaregistry');

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

// ---- schema walking (JSON schema, so logical-type attributes such as scale are at hand) ----

function fullName(name, namespace) {
  return name.includes('.') || !namespace ? name : `${namespace}.${name}`;
}

function collectNames(schema, namespace, names) {
  if (Array.isArray(schema)) {
    schema.forEach((s) => collectNames(s, namespace, names));
  } else if (schema && typeof schema === 'object') {
    if (['record', 'error', 'enum', 'fixed'].includes(schema.type)) {
      const ns = schema.namespace !== undefined ? schema.namespace : namespace;
      const name = fullName(schema.name, ns);
      names.set(name, { schema, namespace: name.includes('.') ? name.substring(0, name.lastIndexOf('.')) : ns });
      if (schema.fields) {
        schema.fields.forEach((f) => collectNames(f.type, names.get(name).namespace, names));
      }
    } else if (schema.type === 'array') {
      collectNames(schema.items, namespace, names);
    } else if (schema.type === 'map') {
      collectNames(schema.values, namespace, names);
    }
  }
}

// Returns [schemaObject, namespace] with named references resolved.
function resolve(schema, namespace, names) {
  if (typeof schema === 'string') {
    const named = names.get(fullName(schema, namespace)) || names.get(schema);
    if (named) {
      return [named.schema, named.namespace];
    }
    return [{ type: schema }, namespace];
  }
  if (Array.isArray(schema)) {
    return [schema, namespace];
  }
  if (['record', 'error', 'enum', 'fixed'].includes(schema.type)) {
    const ns = schema.namespace !== undefined ? schema.namespace : namespace;
    const name = fullName(schema.name, ns);
    return [schema, name.includes('.') ? name.substring(0, name.lastIndexOf('.')) : ns];
  }
  if (typeof schema.type === 'string' && names.has(fullName(schema.type, namespace))) {
    return resolve(schema.type, namespace, names);
  }
  return [schema, namespace];
}

function branchName(schema, namespace, names) {
  const [s] = resolve(schema, namespace, names);
  return s.name ? fullName(s.name, s.namespace !== undefined ? s.namespace : namespace) : s.type;
}

function unionBranch(branches, value, namespace, names) {
  if (value === null || value === undefined) {
    return [null, null];
  }
  const nonNull = branches.filter((b) => branchName(b, namespace, names) !== 'null');
  if (nonNull.length === 1) {
    return [nonNull[0], value];
  }
  // A wrapped union value: {"branch name": value}.
  if (typeof value === 'object' && !Buffer.isBuffer(value) && Object.keys(value).length === 1) {
    const key = Object.keys(value)[0];
    const branch = nonNull.find((b) => branchName(b, namespace, names) === key
        || branchName(b, namespace, names).endsWith('.' + key));
    if (branch) {
      return [branch, value[key]];
    }
  }
  throw new Error(`cannot choose a union branch for ${JSON.stringify(value)}`);
}

// ---- decimals: two's complement big-endian unscaled value, as Java's BigInteger.toByteArray ----

function bufferToBigInt(buf) {
  if (buf.length === 0) {
    return 0n;
  }
  let v = BigInt('0x' + buf.toString('hex'));
  if (buf[0] & 0x80) {
    v -= 1n << BigInt(8 * buf.length);
  }
  return v;
}

function bigIntToBuffer(v) {
  let hex;
  if (v >= 0n) {
    hex = v.toString(16);
    if (hex.length % 2) {
      hex = '0' + hex;
    }
    if (parseInt(hex[0], 16) >= 8) {
      hex = '00' + hex;
    }
  } else {
    let n = 1;
    while (v < -(1n << BigInt(8 * n - 1))) {
      n++;
    }
    hex = ((1n << BigInt(8 * n)) + v).toString(16).padStart(2 * n, '0');
  }
  return Buffer.from(hex, 'hex');
}

function decimalToString(unscaled, scale) {
  const negative = unscaled < 0n;
  let digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  if (scale > 0) {
    digits = digits.slice(0, digits.length - scale) + '.' + digits.slice(digits.length - scale);
  }
  return (negative ? '-' : '') + digits;
}

function decimalFromString(text, scale) {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) {
    throw new Error(`not a decimal: ${text}`);
  }
  const fraction = (m[3] || '').padEnd(scale, '0');
  if (fraction.length > scale) {
    throw new Error(`${text} has more than ${scale} decimal places`);
  }
  const unscaled = BigInt(m[2] + fraction);
  return m[1] === '-' ? -unscaled : unscaled;
}

// ---- view <-> avsc value ----

function toView(schema, value, namespace, names) {
  const [s, ns] = resolve(schema, namespace, names);
  if (Array.isArray(s)) {
    const [branch, inner] = unionBranch(s, value, ns, names);
    return branch === null ? null : toView(branch, inner, ns, names);
  }
  switch (s.type) {
    case 'null':
      return null;
    case 'record':
    case 'error': {
      const out = {};
      s.fields.forEach((f) => {
        out[f.name] = toView(f.type, value[f.name], ns, names);
      });
      return out;
    }
    case 'enum':
      return String(value);
    case 'array':
      return value.map((v) => toView(s.items, v, ns, names));
    case 'map': {
      const out = {};
      Object.keys(value).forEach((k) => {
        out[k] = toView(s.values, value[k], ns, names);
      });
      return out;
    }
    case 'bytes':
    case 'fixed':
      if (s.logicalType === 'decimal') {
        return decimalToString(bufferToBigInt(value), s.scale || 0);
      }
      return Buffer.from(value).toString('hex');
    case 'long':
    case 'int':
    case 'float':
    case 'double':
      return Number(value);
    default:
      return value;
  }
}

function fromView(schema, view, namespace, names) {
  const [s, ns] = resolve(schema, namespace, names);
  if (Array.isArray(s)) {
    if (view === null) {
      return null;
    }
    const nonNull = s.filter((b) => branchName(b, ns, names) !== 'null');
    if (nonNull.length !== 1) {
      throw new Error('views of unions with several non-null branches are not supported');
    }
    return fromView(nonNull[0], view, ns, names);
  }
  switch (s.type) {
    case 'record':
    case 'error': {
      const out = {};
      s.fields.forEach((f) => {
        out[f.name] = fromView(f.type, view[f.name], ns, names);
      });
      return out;
    }
    case 'array':
      return view.map((v) => fromView(s.items, v, ns, names));
    case 'map': {
      const out = {};
      Object.keys(view).forEach((k) => {
        out[k] = fromView(s.values, view[k], ns, names);
      });
      return out;
    }
    case 'bytes':
    case 'fixed':
      if (s.logicalType === 'decimal') {
        return bigIntToBuffer(decimalFromString(view, s.scale || 0));
      }
      return Buffer.from(view, 'hex');
    default:
      return view;
  }
}

function walker(schemaText) {
  const schema = JSON.parse(schemaText);
  const names = new Map();
  collectNames(schema, undefined, names);
  return {
    toView: (value) => toView(schema, value, undefined, names),
    fromView: (view) => fromView(schema, view, undefined, names),
  };
}

// ---- operations ----

async function call(promise) {
  try {
    const ok = await promise;
    return { ok: ok === undefined ? null : ok };
  } catch (e) {
    if (e && e.status !== undefined) {
      return { error: { status: e.status, code: e.errorCode, message: e.message } };
    }
    return { error: { status: -1, code: -1, message: String(e && e.message ? e.message : e) } };
  }
}

async function run(client, op) {
  switch (op.op) {
    case 'register':
      return { id: await client.register(op.subject, { schemaType: 'AVRO', schema: op.schema }) };
    case 'serialize': {
      const serializer = new AvroSerializer(client, SerdeType.VALUE, { autoRegisterSchemas: false, useLatestVersion: true });
      const latest = await client.getLatestSchemaMetadata(`${op.topic}-value`);
      const bytes = await serializer.serialize(op.topic, walker(latest.schema).fromView(op.value));
      return { hex: bytes.toString('hex') };
    }
    case 'deserialize': {
      const deserializer = new AvroDeserializer(client, SerdeType.VALUE, {});
      const bytes = Buffer.from(op.hex, 'hex');
      const value = await deserializer.deserialize(op.topic, bytes);
      const id = bytes.readInt32BE(1);
      const writer = await client.getBySubjectAndId(`${op.topic}-value`, id);
      return { id, value: walker(writer.schema).toView(value) };
    }
    case 'call':
      if (typeof client[op.method] !== 'function') {
        throw new Error(`the client has no method ${op.method}`);
      }
      return call(client[op.method](...(op.args || [])));
    case 'rest':
      return call(client.restService.handleRequest(op.path, op.method, op.body).then((response) => response.data));
    case 'clearCaches':
      client.clearCaches();
      return {};
    default:
      throw new Error(`unknown op ${op.op}`);
  }
}

function clientsOf(request) {
  const clients = { default: new SchemaRegistryClient({ baseURLs: [request.registryUrl], maxRetries: 0 }) };
  Object.entries(request.clients || {}).forEach(([name, c]) => {
    const config = { baseURLs: [c.url || request.registryUrl], maxRetries: 0 };
    if (c.userInfo) {
      config.basicAuthCredentials = { credentialsSource: 'USER_INFO', userInfo: c.userInfo };
    }
    clients[name] = new SchemaRegistryClient(config);
  });
  return clients;
}

async function main() {
  const request = JSON.parse(await readStdin());
  const clients = clientsOf(request);
  const results = [];
  for (const op of request.ops) {
    const client = clients[op.client || 'default'];
    if (!client) {
      throw new Error(`unknown client ${op.client}`);
    }
    results.push(await run(client, op));
  }
  process.stdout.write(JSON.stringify({ results }) + '\n');
}

main().catch((e) => {
  process.stderr.write(`interop failed: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
