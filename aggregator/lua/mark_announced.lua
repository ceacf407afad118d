-- A sealed batch's announcement was delivered to Kafka: sealed -> announced.
-- KEYS: 1 batch (HASH), 2 sealed (SET of ids not yet announced)
-- ARGV: 1 batch id hex, 2 now ms
-- Returns the batch state afterwards (announced | proved) or 'missing'.
local state = redis.call('HGET', KEYS[1], 'state')
if not state then
  redis.call('SREM', KEYS[2], ARGV[1])
  return 'missing'
end
if state == 'sealed' then
  redis.call('HSET', KEYS[1], 'state', 'announced', 'announced_at', ARGV[2])
  state = 'announced'
end
redis.call('SREM', KEYS[2], ARGV[1])
return state
