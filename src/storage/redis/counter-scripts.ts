/**
 * The Lua scripts behind RedisCounterStore: admission, settlement and seeding each run as one
 * script, so each is one round trip and atomic across replicas. Every key a script touches comes
 * in KEYS (ioredis adds the client's key prefix to them); times come in ARGV from the caller's
 * clock, so tests control time and replicas agree on windows. Numbers go back to Redis through
 * fmt(): Lua would print 1e15 as "1e+15", which INCRBY rejects.
 *
 * Rate arguments, 4 per rate: kind ('w' fixed window, 'c' concurrency set), limit, amount, key TTL
 * (ms). Budget arguments, 4 per budget on admit: USD cap in nano-dollars (-1: none), token cap
 * (-1: none), reserve in nano-dollars, reserve in tokens. Budget hash fields: su/st settled spend
 * (nano-dollars, tokens), ru/rt reserved, and `r:ID` = "NANO:TOKENS" per open reservation; the
 * budget's sorted set scores each reservation id by its expiry.
 */

const COMMON = `
local function fmt(n) return string.format('%.0f', n) end
local function budget(h)
  local v = redis.call('HMGET', h, 'su', 'st', 'ru', 'rt')
  return tonumber(v[1]) or 0, tonumber(v[2]) or 0, tonumber(v[3]) or 0, tonumber(v[4]) or 0
end
-- Takes reservation ID out of budget hash h (and its expiry out of z): whatever it still holds.
local function release(h, z, id)
  local v = redis.call('HGET', h, 'r:' .. id)
  redis.call('ZREM', z, id)
  if not v then return end
  local sep = string.find(v, ':', 1, true)
  local u, t = tonumber(string.sub(v, 1, sep - 1)), tonumber(string.sub(v, sep + 1))
  redis.call('HDEL', h, 'r:' .. id)
  if u ~= 0 then redis.call('HINCRBY', h, 'ru', fmt(-u)) end
  if t ~= 0 then redis.call('HINCRBY', h, 'rt', fmt(-t)) end
end
`;

/**
 * Admission. KEYS: one per rate (window counter or concurrency set), then per budget its hash and
 * its reservation set. ARGV: now, reservation id, reservation TTL ms, rate count, budget count,
 * then the rate and budget arguments. Reply: {0, count after, per rate..., su, st, ru, rt per
 * budget...} admitted; {1, rate index (0-based), count per rate...} rate full; {2, budget index,
 * su, st, ru, rt} budget full; {3, budget indexes...} unseeded.
 */
export const ADMIT_LUA = `${COMMON}
local now, rid, ttl = tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3])
local nr, nb = tonumber(ARGV[4]), tonumber(ARGV[5])
local rb = 5
local bb = rb + nr * 4
-- Expired concurrency members and budget reservations (a crashed replica's) stop counting first.
for i = 1, nr do
  if ARGV[rb + (i - 1) * 4 + 1] == 'c' then redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', fmt(now)) end
end
local unseeded = {}
for j = 1, nb do
  local h, z = KEYS[nr + (j - 1) * 2 + 1], KEYS[nr + (j - 1) * 2 + 2]
  local gone = redis.call('ZRANGEBYSCORE', z, '-inf', fmt(now))
  for _, id in ipairs(gone) do release(h, z, id) end
  if redis.call('EXISTS', h) == 0 then unseeded[#unseeded + 1] = j - 1 end
end
if #unseeded > 0 then
  local reply = {3}
  for _, j in ipairs(unseeded) do reply[#reply + 1] = j end
  return reply
end
local counts = {}
for i = 1, nr do
  if ARGV[rb + (i - 1) * 4 + 1] == 'c' then
    counts[i] = redis.call('ZCARD', KEYS[i])
  else
    counts[i] = tonumber(redis.call('GET', KEYS[i])) or 0
  end
end
for i = 1, nr do
  local limit, amount = tonumber(ARGV[rb + (i - 1) * 4 + 2]), tonumber(ARGV[rb + (i - 1) * 4 + 3])
  if counts[i] + amount > limit then
    local reply = {1, i - 1}
    for k = 1, nr do reply[#reply + 1] = counts[k] end
    return reply
  end
end
for j = 1, nb do
  local h = KEYS[nr + (j - 1) * 2 + 1]
  local a = bb + (j - 1) * 4
  local capU, capT = tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2])
  local resU, resT = tonumber(ARGV[a + 3]), tonumber(ARGV[a + 4])
  local su, st, ru, rt = budget(h)
  if (capU >= 0 and su + ru + resU > capU) or (capT >= 0 and st + rt + resT > capT) then
    return {2, j - 1, su, st, ru, rt}
  end
end
-- Everything fits: apply it all.
local reply = {0}
for i = 1, nr do
  local k, a = KEYS[i], rb + (i - 1) * 4
  local amount, keyTtl = tonumber(ARGV[a + 3]), ARGV[a + 4]
  if amount > 0 then
    if ARGV[a + 1] == 'c' then
      redis.call('ZADD', k, fmt(now + ttl), rid)
      counts[i] = redis.call('ZCARD', k)
    else
      counts[i] = redis.call('INCRBY', k, fmt(amount))
    end
    -- Only ever lengthen: a member admitted with a longer reservation TTL must not outlive its set.
    if redis.call('PTTL', k) < tonumber(keyTtl) then redis.call('PEXPIRE', k, keyTtl) end
  end
  reply[#reply + 1] = counts[i]
end
for j = 1, nb do
  local h, z = KEYS[nr + (j - 1) * 2 + 1], KEYS[nr + (j - 1) * 2 + 2]
  local a = bb + (j - 1) * 4
  local resU, resT = tonumber(ARGV[a + 3]), tonumber(ARGV[a + 4])
  if resU > 0 or resT > 0 then
    -- A reused reservation id replaces its earlier reservation rather than holding both.
    release(h, z, rid)
    if resU > 0 then redis.call('HINCRBY', h, 'ru', fmt(resU)) end
    if resT > 0 then redis.call('HINCRBY', h, 'rt', fmt(resT)) end
    redis.call('HSET', h, 'r:' .. rid, fmt(resU) .. ':' .. fmt(resT))
    redis.call('ZADD', z, fmt(now + ttl), rid)
    -- The reservation set lives exactly as long as the budget it belongs to.
    local pttl = redis.call('PTTL', h)
    if pttl > 0 then redis.call('PEXPIRE', z, pttl) else redis.call('PERSIST', z) end
  end
  local su, st, ru, rt = budget(h)
  reply[#reply + 1] = su
  reply[#reply + 1] = st
  reply[#reply + 1] = ru
  reply[#reply + 1] = rt
end
return reply
`;

/**
 * Settlement. KEYS: the settled-id marker, one per rate (window counter of settle time or
 * concurrency set), then per budget its hash and reservation set. ARGV: now, reservation id,
 * settled-id TTL ms (0: no marker), rate count, budget count, then 3 per rate (kind, delta, key
 * TTL ms) and 2 per budget (actual nano-dollars, actual tokens). Reply: {repeated (1 when this id
 * was settled already and nothing changed), su, st, ru, rt per budget (zeros without state)...}.
 */
export const SETTLE_LUA = `${COMMON}
local now, rid, keep = tonumber(ARGV[1]), ARGV[2], ARGV[3]
local nr, nb = tonumber(ARGV[4]), tonumber(ARGV[5])
local rb = 5
local bb = rb + nr * 3
local repeated = 0
if keep ~= '0' and not redis.call('SET', KEYS[1], '1', 'NX', 'PX', keep) then repeated = 1 end
if repeated == 0 then
  for i = 1, nr do
    local k, a = KEYS[1 + i], rb + (i - 1) * 3
    if ARGV[a + 1] == 'c' then
      redis.call('ZREM', k, rid)
    else
      local delta = tonumber(ARGV[a + 2])
      if delta ~= 0 then
        local cur = tonumber(redis.call('GET', k))
        local nxt = math.max(0, (cur or 0) + delta)
        if cur then
          redis.call('SET', k, fmt(nxt), 'KEEPTTL')
        elseif nxt > 0 then
          redis.call('SET', k, fmt(nxt), 'PX', ARGV[a + 3])
        end
      end
    end
  end
end
local reply = {repeated}
for j = 1, nb do
  local h, z = KEYS[1 + nr + (j - 1) * 2 + 1], KEYS[1 + nr + (j - 1) * 2 + 2]
  -- No state (never seeded, or dropped): booking onto nothing would look like a seeded, nearly
  -- empty budget; the ledger row carries this spend into the next seed instead.
  if repeated == 0 and redis.call('EXISTS', h) == 1 then
    local a = bb + (j - 1) * 2
    release(h, z, rid)
    local u, t = tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2])
    if u > 0 then redis.call('HINCRBY', h, 'su', fmt(u)) end
    if t > 0 then redis.call('HINCRBY', h, 'st', fmt(t)) end
  end
  local su, st, ru, rt = budget(h)
  reply[#reply + 1] = su
  reply[#reply + 1] = st
  reply[#reply + 1] = ru
  reply[#reply + 1] = rt
end
return reply
`;

/**
 * Seeding. KEYS: the budget hash and its reservation set. ARGV: settled nano-dollars, settled
 * tokens, TTL ms ('' to keep for ever). Sets the state only when none exists (first seed wins).
 * Reply: 1 seeded, 0 already had state.
 */
export const SEED_LUA = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[1], 'su', ARGV[1], 'st', ARGV[2], 'ru', '0', 'rt', '0')
if ARGV[3] ~= '' then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return 1
`;
