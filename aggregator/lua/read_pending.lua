-- A consistent snapshot of one pair's pending traces.
-- KEYS: 1 pending (HASH nonce -> record), 2 arrivals (ZSET nonce, score arrival ms)
-- Returns {nonce1, record1, arrival1, nonce2, ...} (arrival as an integer).
local out = {}
local arrivals = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
for i = 1, #arrivals, 2 do
  local record = redis.call('HGET', KEYS[1], arrivals[i])
  if record then
    out[#out + 1] = arrivals[i]
    out[#out + 1] = record
    out[#out + 1] = tonumber(arrivals[i + 1])
  end
end
return out
