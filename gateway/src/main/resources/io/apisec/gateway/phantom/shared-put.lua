-- Stores one introspected token for every gateway node, unless a revocation came since the miss.
-- KEYS[1] the entry, KEYS[2] the revocation epoch, KEYS[3] the subject's index, KEYS[4] the client's index
-- ARGV[1] the epoch seen at the miss ('' for none), ARGV[2] the entry's lifetime in ms, ARGV[3] the value,
-- ARGV[4] the token's hash, ARGV[5] the indexes' lifetime in ms
local epoch = redis.call('GET', KEYS[2]) or ''
if epoch ~= ARGV[1] then
  return 0
end
redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[2])
for i = 3, 4 do
  redis.call('SADD', KEYS[i], ARGV[4])
  redis.call('PEXPIRE', KEYS[i], ARGV[5])
end
return 1
