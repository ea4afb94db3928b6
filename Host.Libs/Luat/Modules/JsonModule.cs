using System.Text.Json;
using KeraLua;
using LuatHost.Luat.Binding;

namespace LuatHost.Luat.Modules;

/// <summary>
/// json with lua-cjson 2.1.0 semantics: json.null is a light userdata, empty tables encode as
/// `{}`, `/` is escaped as `\/`, numbers use 14 significant digits. decode is the patched Luat
/// form: (value, true) or ({}, false, err) — aLiYun relies on the second result — and integral
/// JSON numbers come back as Lua integers, so `qos` reads 1, not 1.0.
/// </summary>
public static class JsonModule
{
    private const int MaxDepth = 1000;

    public static LuatLibrary Library { get; } = new("json", LuatLibraryKind.CoreGlobal, Register);

    private static void Register(LuatLibraryBuilder lib)
    {
        lib.Function("encode", lua =>
            {
                var output = new List<byte>(64);
                new JsonLuaEncoder(lua, output).Encode(1, 0);
                lua.PushBuffer(output.ToArray());
                return 1;
            })
            .Function("decode", Decode);
        lib.Context.Lua.PushLightUserData(IntPtr.Zero);
        lib.Context.Lua.SetField(-2, "null");
        foreach (var setting in new[] { "encode_sparse_array", "encode_max_depth", "decode_max_depth", "encode_number_precision",
                     "encode_keep_buffer", "encode_invalid_numbers", "decode_invalid_numbers" })
            lib.Function(setting, _ => 0); // cjson tuning knobs; the defaults are what Luat scripts expect
    }

    private static int Decode(KeraLua.Lua lua)
    {
        var top = lua.GetTop();
        try
        {
            // Inside the try: patch.lua's pcall wrapper turns cjson's own argument error
            // (json.decode(nil)) into ({}, false, err) as well.
            var text = lua.Bytes(1, "json.decode");
            var reader = new Utf8JsonReader(text, new JsonReaderOptions { MaxDepth = MaxDepth });
            if (!reader.Read()) throw new JsonException("Expected value but found T_END at character 1");
            PushValue(lua, ref reader);
            if (reader.Read()) throw new JsonException($"Expected the end but found more at character {reader.TokenStartIndex + 1}");
            lua.PushBoolean(true);
            return 2;
        }
        catch (Exception ex) when (ex is JsonException or LuatArgumentException or InvalidOperationException)
        {
            lua.SetTop(top);
            lua.NewTable();
            lua.PushBoolean(false);
            lua.PushString(ex.Message);
            return 3;
        }
    }

    private static void PushValue(KeraLua.Lua lua, ref Utf8JsonReader reader)
    {
        lua.CheckStack(4);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                lua.NewTable();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    lua.PushBuffer(StringBytes(ref reader));
                    reader.Read();
                    PushValue(lua, ref reader);
                    lua.RawSet(-3);
                }
                break;
            case JsonTokenType.StartArray:
                lua.NewTable();
                var index = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    PushValue(lua, ref reader);
                    lua.RawSetInteger(-2, ++index);
                }
                break;
            case JsonTokenType.String:
                lua.PushBuffer(StringBytes(ref reader));
                break;
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var integer)) lua.PushInteger(integer);
                else lua.PushNumber(reader.GetDouble());
                break;
            case JsonTokenType.True: lua.PushBoolean(true); break;
            case JsonTokenType.False: lua.PushBoolean(false); break;
            case JsonTokenType.Null: lua.PushLightUserData(IntPtr.Zero); break;
            default: throw new JsonException($"Expected value but found {reader.TokenType} at character {reader.TokenStartIndex + 1}");
        }
    }

    /// <summary>
    /// A JSON string as the Lua bytes cjson yields: unescaped, but otherwise passed through, so a
    /// payload with non-UTF-8 bytes (GBK text, binary) decodes instead of failing a UTF-16 round trip.
    /// </summary>
    private static byte[] StringBytes(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped) return reader.ValueSpan.ToArray();
        var buffer = new byte[reader.ValueSpan.Length];
        return buffer[..reader.CopyString(buffer)];
    }
}
