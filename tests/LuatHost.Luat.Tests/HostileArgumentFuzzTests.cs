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

    /// <summary>
    /// Every library the host opens (the C# catalog) and every Lua library it ships in scripts/lib; "io" and "os"
    /// because the sandbox replaces their path-taking functions; "ril" last in the old single run, now alone.
    /// </summary>
    private static readonly string[] LuaLibraries = ["sys", "utils", "common", "nvm", "socket", "ntp", "pm", "pins", "netLed", "errDump", "clib", "io", "os", "sms", "pb", "gps", "lbsLoc", "agps", "audio", "record", "cc", "wifiScan", "update"];

    public static TheoryData<string> Libraries()
    {
        // io is both a Lua library and one the firmware extends (io.mount …): one run covers both.
        var names = new TheoryData<string>();
        foreach (var name in LuatLibraryCatalog.BuiltIn.Select(library => library.Name).Concat(LuaLibraries).Distinct()) names.Add(name);
        return names;
    }

    // One run per library (a fresh state each), so one library's hostile call cannot end the others' turn. The hostile
    // values are budgeted so the run stays far below --max-memory: 64 KiB strings, and a 5000-deep chain with one
    // link per level (two links per level made a DAG that nvm's serializer walks 2^5000 ways, a legitimate runaway).
    // A single request larger than the ceiling (io.read(2^63)) must fail as a Lua error, not end the run.
    [Theory]
    [MemberData(nameof(Libraries))]
    public void Every_host_function_of_a_library_survives_hostile_arguments(string library)
    {
        var lines = RunWithModule($$"""
            local skipped = {{Skipped}}
            local function hostile()
              local bad = function() error("hostile metamethod") end
              local mt = { __index = bad, __newindex = bad, __len = bad, __tostring = bad, __eq = bad, __lt = bad,
                           __le = bad, __concat = bad, __call = bad, __pairs = bad, __name = {} , __close = bad }
              local deep = {}
              local node = deep
              for i = 1, 5000 do node[1] = {} node = node[1] end
              local cyclic = {} cyclic.self = cyclic cyclic[1] = cyclic
              return {
                setmetatable({}, mt), setmetatable({ topic = "t" }, mt), string.rep("x", 64 * 1024),
                deep, cyclic, coroutine.create(function() end), print, true, false, -1, 0, 2^63, -2^63, 1e308,
                0/0, math.huge, -math.huge, "", "\0\255\254", "-1", "1e999", "/../../etc/passwd", "/lua/.git/config", {},
              }
            end
            local values = hostile()
            local name = "{{library}}"
            -- core globals (rtos, bit …) are tables already; lib modules are required first
            if rawget(_G, name) == nil then require(name) end
            local functions = {}
            local function collect(prefix, t, depth)
              for key, value in pairs(t) do
                local full = prefix .. "." .. tostring(key)
                if type(value) == "function" and not skipped[full] then functions[full] = value
                -- pio.pin.setval and the like: one level of sub-tables
                elseif type(value) == "table" and depth > 0 and value ~= t then collect(full, value, depth - 1) end
              end
            end
            collect(name, rawget(_G, name) or {}, 1)
            -- utils puts its functions in string, table and io, clib puts uart.on: functions defined in the
            -- library's own file are fuzzed wherever they live
            for _, other in ipairs({ "string", "table", "io", "os", "uart" }) do
              for key, value in pairs(_G[other]) do
                if type(value) == "function" and not skipped[other .. "." .. key]
                   and debug.getinfo(value, "S").source:find("/" .. name .. ".lua", 1, true) then
                  functions[other .. "." .. key] = value
                end
              end
            end
            local names = {}
            for full in pairs(functions) do names[#names + 1] = full end
            table.sort(names)
            local calls, failures = 0, 0
            for _, key in ipairs(names) do
              local f = functions[key]
              print("calling", key)
              for i = 1, #values do
                local v = values[i]
                local w = values[(i % #values) + 1]
                for _, args in ipairs({ { v, w }, { "x", v, w } }) do
                  calls = calls + 1
                  if not pcall(f, table.unpack(args, 1, 5)) then failures = failures + 1 end
                end
              end
            end
            print("survived", #names, calls == #names * 2 * #values)
            """);
        var survived = Assert.Single(lines, l => l.StartsWith("survived\t", StringComparison.Ordinal));
        var fields = survived.Split('\t');
        Assert.True(int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) > 0, $"{library} has no functions to call: {survived}");
        Assert.Equal("true", fields[2]);
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
            Assert.True(outcome.Succeeded, $"{outcome.End}: {outcome.Error} (last line: {project.Lines.LastOrDefault()})");
            return project.Lines;
        }
        finally
        {
            link.DisposeAsync().AsTask().Wait();
        }
    }
}
