using System.Security.Cryptography;
using LuatHost.Luat.Binding;
using Org.BouncyCastle.Crypto.Digests;

namespace LuatHost.Luat.Modules;

/// <summary>
/// crypto's streaming digests: crypto.flow_md5() with :update(data) and :hexdigest() (aLiYunOta hashes the firmware
/// as it downloads), and crypto.sm3start() with :sm3update(data) and :sm3finish() (Luat's demo/crypto, flowSm3Test).
/// Each object is a table holding an id into a host-side table; the digest reads as uppercase hex, as crypto's others.
/// </summary>
internal static class StreamingDigests
{
    private sealed record Stream(Action<byte[]> Append, Func<byte[]> Digest);

    public static void Register(LuatLibraryBuilder lib)
    {
        var streams = new Dictionary<long, Stream>();
        long nextId = 0;
        lib.Function("_stream_new", lua =>
        {
            streams[++nextId] = lua.Text(1, "crypto") == "sm3" ? Sm3() : Md5();
            lua.PushInteger(nextId);
            return 1;
        })
        .Function("_stream_update", lua =>
        {
            Find(streams, lua).Append(lua.Bytes(2, "crypto stream:update"));
            return 0;
        })
        .Function("_stream_digest", lua =>
        {
            lua.PushString(Convert.ToHexString(Find(streams, lua).Digest()));
            return 1;
        })
        .LuaPart("streams", """
            local crypto = ...
            local new, update, digest = crypto._stream_new, crypto._stream_update, crypto._stream_digest
            crypto._stream_new, crypto._stream_update, crypto._stream_digest = nil, nil, nil
            local md5 = {}
            md5.__index = md5
            function md5:update(data) update(self.id, data) end
            function md5:hexdigest() return digest(self.id) end
            crypto.flow_md5 = function() return setmetatable({ id = new("md5") }, md5) end
            local sm3 = {}
            sm3.__index = sm3
            function sm3:sm3update(data) update(self.id, data) end
            function sm3:sm3finish() return digest(self.id) end
            crypto.sm3start = function() return setmetatable({ id = new("sm3") }, sm3) end
            """);
    }

    private static Stream Md5()
    {
        var hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        return new Stream(hash.AppendData, hash.GetCurrentHash);
    }

    // SM3 (GB/T 32905) from BouncyCastle; the digest of a copy, so the stream can go on as MD5's does.
    private static Stream Sm3()
    {
        var digest = new SM3Digest();
        return new Stream(data => digest.BlockUpdate(data, 0, data.Length), () =>
        {
            var copy = new SM3Digest(digest);
            var result = new byte[copy.GetDigestSize()];
            copy.DoFinal(result, 0);
            return result;
        });
    }

    private static Stream Find(Dictionary<long, Stream> streams, KeraLua.Lua lua) =>
        streams.TryGetValue(lua.Integer(1, "crypto stream"), out var stream) ? stream : throw new LuatArgumentException("crypto: unknown digest stream");
}
