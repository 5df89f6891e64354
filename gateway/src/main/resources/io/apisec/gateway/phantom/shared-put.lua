-- Stores one introspected token for every gateway node, unless the entries were retired since the miss.
-- KEYS[1] the entry, KEYS[2] the generation; ARGV[1] the generation seen at the miss ('' for none),
-- ARGV[2] the entry's lifetime in ms, ARGV[3] the sealed entry
local generation = redis.call('GET', KEYS[2]) or ''
if generation ~= ARGV[1] then
  return 0
end
redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[2])
return 1
