-- Numbers as Lua 5.1 had them, on Lua 5.4 (part of host/lua51.lua, loaded under its chunk name):
-- one number type, a double, so tonumber and the math functions return doubles, plus the math
-- functions 5.1 had and 5.4 dropped. What differs from 5.1: docs/lua51-compat.md.
local mathtype, floor, ceil = math.type, math.floor, math.ceil

-- tonumber: a number read from text is a double, as in 5.1: `-tonumber("0")` is -0,
-- `tonumber("9007199254740993")` rounds, and sums of such numbers never wrap as 5.4's integers do.
local rawtonumber = tonumber
tonumber = function(v, base)
  local n = rawtonumber(v, base)
  if mathtype(n) == "integer" then return n + 0.0 end
  return n
end

-- math ----------------------------------------------------------------------------------------

local exp, log, abs = math.exp, math.log, math.abs
math.floor = function(x) return floor(x) + 0.0 end
math.ceil = function(x) return ceil(x) + 0.0 end
math.pow = function(x, y) return x ^ y end
math.mod = math.fmod
math.log10 = function(x) return log(x, 10) end
math.atan2 = function(y, x) return math.atan(y, x) end
math.ldexp = function(m, e) return m * 2.0 ^ e end
math.cosh = function(x) return (exp(x) + exp(-x)) / 2 end
math.sinh = function(x)
  if abs(x) < 1e-5 then return x + x * x * x / 6 end
  return (exp(x) - exp(-x)) / 2
end
math.tanh = function(x)
  if x > 20 then return 1.0 elseif x < -20 then return -1.0 end
  local e2 = exp(2 * x)
  return (e2 - 1) / (e2 + 1)
end
math.frexp = function(x)
  if x == 0 or x ~= x or x == math.huge or x == -math.huge then return x, 0.0 end
  local e = floor(log(abs(x), 2)) + 1
  local m = x / 2.0 ^ e
  if abs(m) >= 1 then m, e = m / 2, e + 1 elseif abs(m) < 0.5 then m, e = m * 2, e - 1 end
  return m, e + 0.0
end
