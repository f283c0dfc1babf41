package redis

import goredis "github.com/redis/go-redis/v9"

// putScript is Put: one EVALSHA instead of a MULTI/EXEC of three
// commands (five commands and replies on the wire, five command objects in
// the client). KEYS: data hash, index. ARGV: value, version, ttl ms (0 =
// none), member (the key). Returns 1.
var putScript = goredis.NewScript(`
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'r', ARGV[2])
local ttl = tonumber(ARGV[3])
if ttl > 0 then
  redis.call('PEXPIRE', KEYS[1], ttl)
else
  redis.call('PERSIST', KEYS[1])
end
redis.call('ZADD', KEYS[2], 0, ARGV[4])
return 1
`)

// casScript is PutIf. KEYS: data hash, index, version counter. ARGV:
// member (the key), value, ttl ms (0 = none), expected version ("" =
// absent). Returns {1, new version} or {0, current version}.
var casScript = goredis.NewScript(`
local cur = redis.call('HGET', KEYS[1], 'r')
if ARGV[4] == '' then
  if cur then return {0, cur} end
elseif cur ~= ARGV[4] then
  return {0, cur or ''}
end
local ver = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'r', ver)
local ttl = tonumber(ARGV[3])
if ttl > 0 then
  redis.call('PEXPIRE', KEYS[1], ttl)
else
  redis.call('PERSIST', KEYS[1])
end
redis.call('ZADD', KEYS[2], 0, ARGV[1])
return {1, tostring(ver)}
`)

// listScript returns up to limit live index members in [min, max]
// (ZRANGEBYLEX syntax) and whether more follow: {more, keys}. KEYS: index.
// ARGV: min, max, limit, data key prefix, "1" to remove members whose hash
// has expired (on the primary; replicas run it read-only with "0").
var listScript = goredis.NewScript(`
local min, max, limit, kp = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]
local out, dead, more = {}, {}, 0
while more == 0 do
  local batch = redis.call('ZRANGEBYLEX', KEYS[1], min, max, 'LIMIT', 0, limit + 1)
  for _, m in ipairs(batch) do
    if redis.call('EXISTS', kp .. m) == 1 then
      if #out == limit then more = 1 break end
      out[#out + 1] = m
    else
      dead[#dead + 1] = m
    end
  end
  if #batch < limit + 1 then break end
  min = '(' .. batch[#batch]
end
if ARGV[5] == '1' then
  for i = 1, #dead, 500 do
    redis.call('ZREM', KEYS[1], unpack(dead, i, math.min(i + 499, #dead)))
  end
end
return {more, out}
`)
