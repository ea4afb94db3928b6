using System.Security.Cryptography;
using LuatHost.Luat.Binding;

namespace LuatHost.Luat.Modules;

/// <summary>
/// crypto.flow_md5(): a streaming MD5 object with :update(data) and :hexdigest() (aLiYunOta hashes
/// the firmware as it downloads). Each object is a table holding an id into a host-side table.
/// </summary>
internal static class FlowMd5
{
    public static void Register(LuatLibraryBuilder lib)
    {
        var hashes = new Dictionary<long, IncrementalHash>();
        long nextId = 0;
        lib.Function("_flow_md5_new", lua =>
        {
            hashes[++nextId] = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            lua.PushInteger(nextId);
            return 1;
        })
        .Function("_flow_md5_update", lua =>
        {
            Find(hashes, lua).AppendData(lua.Bytes(2, "flow_md5:update"));
            return 0;
        })
        .Function("_flow_md5_hexdigest", lua =>
        {
            lua.PushString(Convert.ToHexString(Find(hashes, lua).GetCurrentHash()));
            return 1;
        })
        .LuaPart("flow_md5", """
            local crypto = ...
            local new, update, digest = crypto._flow_md5_new, crypto._flow_md5_update, crypto._flow_md5_hexdigest
            crypto._flow_md5_new, crypto._flow_md5_update, crypto._flow_md5_hexdigest = nil, nil, nil
            local methods = {}
            methods.__index = methods
            function methods:update(data) update(self.id, data) end
            function methods:hexdigest() return digest(self.id) end
            crypto.flow_md5 = function() return setmetatable({ id = new() }, methods) end
            """);
    }

    private static IncrementalHash Find(Dictionary<long, IncrementalHash> hashes, KeraLua.Lua lua) =>
        hashes.TryGetValue(lua.Integer(1, "flow_md5"), out var hash) ? hash : throw new LuatArgumentException("flow_md5: unknown stream");
}
