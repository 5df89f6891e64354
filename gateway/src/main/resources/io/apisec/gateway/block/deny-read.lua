-- The deny list's added entries, every kind read at one instant. KEYS: the sets, one per kind, in order.
local all = {}
for i, key in ipairs(KEYS) do
  all[i] = redis.call('SMEMBERS', key)
end
return all
