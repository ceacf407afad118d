-- Move the given pending traces of one pair into a sealed batch (atomic, keys of one pair only).
-- KEYS: 1 pending, 2 arrivals, 3 seen, 4 wm, 5 batch (HASH), 6 sealed (SET of ids not yet
--       announced), 7 batches (ZSET id -> sealed ms), 8 seen_at (ZSET nonce -> sealed ms)
-- ARGV: 1 batch id hex, 2 now ms, 3 reason, 4 seen retention ms, then nonce/record pairs in nonce order
-- The caller read the records and derived the id from them; the script re-checks they are
-- still pending unchanged (compare-and-set), so a concurrent seal cannot double-book a trace.
-- Returns {result, pending count, oldest pending arrival ms or -1}; result is
--   sealed | exists (this id was sealed before: no-op) | stale (pending changed: re-read and retry)
local function summary(result)
  local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  local age = -1
  if #oldest == 2 then age = tonumber(oldest[2]) end
  return {result, redis.call('HLEN', KEYS[1]), age}
end

if redis.call('EXISTS', KEYS[5]) == 1 then return summary('exists') end
local n = (#ARGV - 4) / 2
if n < 1 or n ~= math.floor(n) then return redis.error_reply('seal_batch: bad argument count') end
local first, final = ARGV[5], ARGV[5 + 2 * (n - 1)]
local wm = redis.call('GET', KEYS[4])
if wm and first <= wm then return summary('stale') end
local records = {}
for i = 1, n do
  local nonce, record = ARGV[3 + 2 * i], ARGV[4 + 2 * i]
  if redis.call('HGET', KEYS[1], nonce) ~= record then return summary('stale') end
  records[i] = record
end
local now = ARGV[2]
for i = 1, n do
  local nonce = ARGV[3 + 2 * i]
  redis.call('HDEL', KEYS[1], nonce)
  redis.call('ZREM', KEYS[2], nonce)
  redis.call('HSET', KEYS[3], nonce, records[i])
  redis.call('ZADD', KEYS[8], now, nonce)
end
redis.call('HSET', KEYS[5], 'state', 'sealed', 'traces', table.concat(records), 'count', n,
           'first', first, 'final', final, 'sealed_at', now, 'reason', ARGV[3])
redis.call('SET', KEYS[4], final)
redis.call('SADD', KEYS[6], ARGV[1])
redis.call('ZADD', KEYS[7], now, ARGV[1])
-- Dedup memory of sealed traces only has to outlive Kafka re-delivery; forget old ones in bounded steps.
local expired = redis.call('ZRANGEBYSCORE', KEYS[8], '-inf', tonumber(now) - tonumber(ARGV[4]), 'LIMIT', 0, 256)
for _, nonce in ipairs(expired) do
  redis.call('HDEL', KEYS[3], nonce)
  redis.call('ZREM', KEYS[8], nonce)
end
return summary('sealed')
