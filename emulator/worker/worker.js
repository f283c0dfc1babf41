// kvchaos bridge Worker: exposes the KV namespace bound as env.KV over the
// Cloudflare Workers KV REST paths, so kvchaos's cloudflare adapter can be
// tested against Cloudflare's own KV implementation running in workerd
// under miniflare (see serve.mjs). It answers in the REST API's envelope:
//
//   GET|PUT|DELETE [/client/v4]/accounts/{a}/storage/kv/namespaces/{n}/values/{key}
//   GET            [/client/v4]/accounts/{a}/storage/kv/namespaces/{n}/keys?prefix=&limit=&cursor=
//
// PUT takes a raw body or multipart/form-data ("value", "metadata") and
// expiration_ttl or expiration. When the TOKEN binding is set, requests
// must carry "Authorization: Bearer TOKEN". Account and namespace IDs are
// not interpreted: the Worker serves its one binding.

const json = (status, body) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

const ok = (result, info) =>
  json(200, { success: true, errors: [], messages: [], result, ...(info ? { result_info: info } : {}) });

const fail = (status, code, message) =>
  json(status, { success: false, errors: [{ code, message }], messages: [], result: null });

// fromBindingError turns an exception of the KV binding ("KV PUT failed:
// 414 UTF-8 encoded length ...") into the REST API's error answer.
function fromBindingError(e) {
  const message = String(e && e.message ? e.message : e);
  const m = /failed: (\d{3})/.exec(message);
  const status = m ? Number(m[1]) : 500;
  if (/expiration/i.test(message)) return fail(400, 10033, message);
  if (status === 414 || /key/i.test(message) && status === 400) return fail(414, 10019, message);
  if (status === 413) return fail(413, 10011, message);
  if (status >= 400 && status < 500) return fail(status, 10001, message);
  return fail(500, 10002, message);
}

async function putValue(request, env, url, key) {
  const opts = {};
  const ttl = url.searchParams.get("expiration_ttl");
  const exp = url.searchParams.get("expiration");
  if (ttl !== null) {
    if (!/^-?\d+$/.test(ttl)) return fail(400, 10033, `Invalid expiration_ttl of ${ttl}.`);
    opts.expirationTtl = Number(ttl);
  } else if (exp !== null) {
    if (!/^-?\d+$/.test(exp)) return fail(400, 10033, `Invalid expiration of ${exp}.`);
    opts.expiration = Number(exp);
  }
  let value;
  const type = request.headers.get("content-type") || "";
  if (type.startsWith("multipart/form-data")) {
    const form = await request.formData();
    const v = form.get("value");
    if (v === null) return fail(400, 10001, 'multipart body has no "value" part');
    value = typeof v === "string" ? v : await v.arrayBuffer();
    const md = form.get("metadata");
    if (md !== null) opts.metadata = JSON.parse(typeof md === "string" ? md : await md.text());
  } else {
    value = await request.arrayBuffer();
  }
  await env.KV.put(key, value, opts);
  return ok({});
}

async function listKeys(env, url) {
  const q = url.searchParams;
  let limit = 1000;
  if (q.has("limit")) {
    limit = Number(q.get("limit"));
    if (!Number.isInteger(limit) || limit < 10 || limit > 1000) {
      return fail(400, 10026, `invalid list limit ${q.get("limit")}: must be an integer in 10..1000`);
    }
  }
  const opts = { limit };
  if (q.get("prefix")) opts.prefix = q.get("prefix");
  if (q.get("cursor")) opts.cursor = q.get("cursor");
  const r = await env.KV.list(opts);
  const keys = r.keys.map((k) => ({
    name: k.name,
    ...(k.expiration ? { expiration: k.expiration } : {}),
    ...(k.metadata !== undefined ? { metadata: k.metadata } : {}),
  }));
  return ok(keys, { count: keys.length, cursor: r.list_complete ? "" : r.cursor });
}

export default {
  async fetch(request, env) {
    if (env.TOKEN) {
      const auth = request.headers.get("authorization");
      if (!auth) return fail(401, 10000, "Authentication error");
      if (auth !== `Bearer ${env.TOKEN}`) return fail(403, 10000, "Authentication error");
    }
    const url = new URL(request.url);
    let segs;
    try {
      segs = url.pathname.split("/").filter((s) => s !== "").map(decodeURIComponent);
    } catch {
      return fail(400, 10001, "malformed path");
    }
    if (segs[0] === "client" && segs[1] === "v4") segs = segs.slice(2);
    if (segs.length < 7 || segs[0] !== "accounts" || segs[2] !== "storage" || segs[3] !== "kv" || segs[4] !== "namespaces") {
      return fail(404, 7003, "No route for that URI");
    }
    const rest = segs.slice(6);
    try {
      if (rest.length === 2 && rest[0] === "values") {
        const key = rest[1];
        switch (request.method) {
          case "GET": {
            const v = await env.KV.get(key, "arrayBuffer");
            if (v === null) return fail(404, 10009, "get: 'key not found'");
            return new Response(v, { headers: { "content-type": "application/octet-stream" } });
          }
          case "PUT":
            return await putValue(request, env, url, key);
          case "DELETE":
            await env.KV.delete(key);
            return ok({});
        }
        return fail(405, 7003, "method not allowed");
      }
      if (rest.length === 1 && rest[0] === "keys" && request.method === "GET") {
        return await listKeys(env, url);
      }
    } catch (e) {
      return fromBindingError(e);
    }
    return fail(404, 7003, "No route for that URI");
  },
};
