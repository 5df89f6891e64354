-- Forgets revoked tokens for every gateway node: one entry, or every entry an index names.
-- KEYS[1] the revocation epoch, KEYS[2] the entry or the index; ARGV[1] 'entry' or 'index', ARGV[2] the entries' prefix
redis.call('INCR', KEYS[1])
if ARGV[1] == 'entry' then
  return redis.call('DEL', KEYS[2])
end
local hashes = redis.call('SMEMBERS', KEYS[2])
for _, hash in ipairs(hashes) do
  redis.call('DEL', ARGV[2] .. hash)
end
redis.call('DEL', KEYS[2])
return #hashes
