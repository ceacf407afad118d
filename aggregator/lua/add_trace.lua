-- Add one trace to a pair's pending set (atomic, keys of one pair only).
-- KEYS: 1 pending (HASH nonce -> record), 2 arrivals (ZSET nonce, score arrival ms),
--       3 seen (HASH nonce -> record of sealed traces), 4 wm (last sealed final nonce),
--       5 meta (HASH: part = Kafka partition the pair was last consumed from)
-- ARGV: 1 nonce (20-digit zero-padded decimal), 2 record (120 bytes), 3 now ms, 4 partition
-- Returns {result, pending count, oldest pending arrival ms or -1}; result is
--   stored | duplicate (same nonce and identical record: no effect) |
--   conflict (same nonce, different record) | replay (nonce <= watermark, never seen).
local function summary(result)
  local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  local age = -1
  if #oldest == 2 then age = tonumber(oldest[2]) end
  return {result, redis.call('HLEN', KEYS[1]), age}
end

local nonce, record = ARGV[1], ARGV[2]
local known = redis.call('HGET', KEYS[1], nonce)
if not known then known = redis.call('HGET', KEYS[3], nonce) end
if known then
  if known == record then return summary('duplicate') end
  return summary('conflict')
end
local wm = redis.call('GET', KEYS[4])
-- fixed-width decimal strings: string order is numeric order
if wm and nonce <= wm then return summary('replay') end
redis.call('HSET', KEYS[1], nonce, record)
redis.call('ZADD', KEYS[2], ARGV[3], nonce)
redis.call('HSET', KEYS[5], 'part', ARGV[4])
return summary('stored')
