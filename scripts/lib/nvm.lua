--- nvm: parameters kept across power-ons (lib/nvm.lua semantics). Defaults come from a config
-- module in /lua/; live values are Lua source in /nvm_para.lua (plus a backup copy), written as
-- `key = value` lines and loaded back with require, as Luat does.
require "log"
require "sys"
module(..., package.seeall)

local PARA_FILE, BACKUP_FILE = "/nvm_para.lua", "/nvm_para_bak.lua"
local configName
local defaults = {}
para = {}

local function serialize(v)
  local t = type(v)
  if t == "string" then return string.format("%q", v) end
  if t == "number" or t == "boolean" or t == "nil" then return tostring(v) end
  if t == "table" then
    local parts = {}
    for k, item in pairs(v) do
      local key = type(k) == "string" and string.format("[%q]", k) or "[" .. tostring(k) .. "]"
      parts[#parts + 1] = key .. "=" .. serialize(item)
    end
    return "{" .. table.concat(parts, ",") .. "}"
  end
  error("nvm: cannot store a " .. t)
end

local function copy(v)
  if type(v) ~= "table" then return v end
  local c = {}
  for k, item in pairs(v) do c[k] = copy(item) end
  return c
end

local function save()
  -- Keys in order, so the file is the same for the same parameters on every run.
  local keys = {}
  for k in pairs(para) do keys[#keys + 1] = k end
  table.sort(keys)
  local lines = { "module(...)" }
  for _, k in ipairs(keys) do lines[#lines + 1] = k .. " = " .. serialize(para[k]) end
  -- As Luat's save: the backup name is written whole, then renamed over the live one, so a power cut leaves one
  -- complete file (and, after a good save, only /nvm_para.lua).
  io.writeFile(BACKUP_FILE, table.concat(lines, "\r\n") .. "\r\n")
  os.remove(PARA_FILE)
  os.rename(BACKUP_FILE, PARA_FILE)
end

local function loadSaved(file)
  local text = io.readFile(file)
  if not text then return nil end
  local env = setmetatable({ module = function() end }, { __index = _G })
  local chunk = load(text, "@" .. file, "t", env)
  if not chunk or not pcall(chunk) then return nil end
  env.module = nil
  return env
end

-- true/false for a file that exists (non-empty or empty), nil for none: what Luat's load prints.
local function hasText(file)
  local text = io.readFile(file)
  if text == nil then return nil end
  return text ~= ""
end

--- Loads defaults from /lua/<cfg> and the saved values over them, printing the trace Luat's nvm.load prints
-- ("load fExist fBakExist", "load fResult", "load fBakResult") and taking the same branches: the live file, else
-- the backup, else the defaults written out afresh.
function init(defaultCfgFile, burnSave)
  configName = (defaultCfgFile or "config.lua"):gsub("%.lua$", "")
  package.loaded[configName] = nil
  local cfg = require(configName)
  defaults = {}
  for k, v in pairs(type(cfg) == "table" and cfg or {}) do
    if type(k) == "string" and not k:match("^_") then defaults[k] = v end
  end
  local fExist, fBakExist = hasText(PARA_FILE), hasText(BACKUP_FILE)
  print("load fExist fBakExist", fExist, fBakExist)
  local saved, fResult, fBakResult
  if fExist then
    saved = loadSaved(PARA_FILE)
    fResult = saved ~= nil
  end
  print("load fResult", fResult)
  if fResult then
    os.remove(BACKUP_FILE)
  else
    if fBakExist then
      saved = loadSaved(BACKUP_FILE)
      fBakResult = saved ~= nil
    end
    print("load fBakResult", fBakResult)
    if fBakResult then os.remove(PARA_FILE) end
  end
  para = {}
  if saved then
    for k, v in pairs(saved) do
      if type(k) == "string" and k ~= "module" then para[k] = v end
    end
    upd()
  else
    restore()
  end
end

--- Copies the defaults into the live parameters: every one (override) or only the missing ones.
function upd(override)
  for k, v in pairs(defaults) do
    if override or para[k] == nil then para[k] = copy(v) end
  end
end

function get(k) return para[k] end

function gett(k, kk) return para[k] and para[k][kk] end

--- Sets k and logs it as Luat does ("nvm.set", changed, k, v, r, s); a table always counts as changed (Luat
-- compares with ~=). When changed: written unless s == false, and with r PARA_CHANGED_IND(k, v, r) is published.
function set(k, v, r, s)
  local changed = type(v) == "table" or para[k] ~= v
  log.info("nvm.set", changed, k, v, r, s)
  if changed then
    para[k] = v
    if s ~= false then save() end
    if r then sys.publish("PARA_CHANGED_IND", k, v, r) end
  end
  return true
end

function sett(k, kk, v, r, s)
  para[k] = para[k] or {}
  local changed = type(v) == "table" or para[k][kk] ~= v
  if changed then
    para[k][kk] = v
    if s ~= false then save() end
    if r then sys.publish("TPARA_CHANGED_IND", k, kk, v, r) end
  end
  return true
end

function flush() save() end

function restore()
  para = copy(defaults)
  save()
end

function remove()
  os.remove(PARA_FILE)
  os.remove(BACKUP_FILE)
end
