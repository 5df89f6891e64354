-- GCRA, one atomic decision (see Gcra.java, which this mirrors). Redis's clock, in microseconds, so every
-- gateway node shares one time line. KEYS[1]: the bucket. ARGV[1]: emission interval (us). ARGV[2]: tolerance
-- (us), interval times burst. Returns {allowed (0/1), remaining, reset after (us), retry after (us)}.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local stored = redis.call('GET', KEYS[1])
local tat = now
if stored then
  tat = math.max(tonumber(stored), now)
end
local new_tat = tat + interval
local allow_at = new_tat - tolerance
if now < allow_at then
  return {0, 0, tat - now, allow_at - now}
end
-- The key lives until its bucket is full again: idle keys cost nothing.
redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', math.ceil((new_tat - now) / 1000) + 1)
return {1, math.floor((tolerance - (new_tat - now)) / interval), new_tat - now, 0}
