-- The worker published the batch's settlement: store it for re-delivery and mark the batch proved.
-- KEYS: 1 batch (HASH), 2 sealed (SET of ids not yet announced), 3 batches (ZSET id -> sealed ms)
-- ARGV: 1 batch id hex, 2 settlement bytes, 3 now ms, 4 ttl seconds of a finished batch
-- Returns proved | already (a settlement was stored before; kept unchanged) | missing.
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return 'missing' end
if state == 'proved' then return 'already' end
redis.call('HSET', KEYS[1], 'state', 'proved', 'settlement', ARGV[2], 'proved_at', ARGV[3])
redis.call('SREM', KEYS[2], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', tonumber(ARGV[3]) - 1000 * tonumber(ARGV[4]))
return 'proved'
