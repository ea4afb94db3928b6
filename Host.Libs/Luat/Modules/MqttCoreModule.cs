using LuatHost.Luat.Binding;
using LuatHost.Services.Net;

namespace LuatHost.Luat.Modules;

/// <summary>
/// mqttcore: the host part under scripts/lib/mqtt.lua (Luat's <c>mqtt</c> API). Each call returns an operation id at
/// once; the result comes later as a call of the function given to <c>_onEvent</c> (see <see cref="MqttLuaState"/>), so
/// the Lua side can yield its task meanwhile. Not a device C module: on the device lib/mqtt.lua encodes MQTT in Lua
/// over socket; here MQTTnet does it over the same module socket links (<see cref="ModuleMqttClient"/>).
/// </summary>
public static class MqttCoreModule
{
    public static LuatLibrary Library { get; } = new("mqttcore", LuatLibraryKind.CoreGlobal, Register);

    private static void Register(LuatLibraryBuilder lib)
    {
        var state = MqttLuaState.For(lib.Context);
        lib.Function("client", lua =>
            {
                const string f = "mqttcore.client";
                MqttLastWill? will = lua.IsNoneOrNil(6) ? null : new MqttLastWill(lua.Text(6, f), lua.Bytes(7, f), (int)lua.Integer(8, f), lua.Integer(9, f) != 0);
                var settings = new MqttClientSettings(lua.Text(1, f))
                {
                    KeepAliveSeconds = (int)lua.Integer(2, f),
                    UserName = lua.Text(3, f),
                    Password = lua.Text(4, f),
                    CleanSession = lua.Integer(5, f) != 0,
                    Will = will,
                    Version = lua.Text(10, f),
                };
                lua.PushInteger(state.NewClient(settings));
                return 1;
            })
            .Function("connect", lua =>
            {
                const string f = "mqttcore.connect";
                var ca = lua.IsNoneOrNil(6) ? null : lua.Bytes(6, f);
                lua.PushInteger(state.Connect((int)lua.Integer(1, f), lua.Text(2, f), (int)lua.Integer(3, f), lua.ToBoolean(4), (int)lua.Integer(5, f), ca));
                return 1;
            })
            .Function("subscribe", lua =>
            {
                // (handle, topic1, qos1, topic2, qos2, …)
                const string f = "mqttcore.subscribe";
                var topics = new List<(string, int)>();
                for (var i = 2; i + 1 <= lua.GetTop(); i += 2) topics.Add((lua.Text(i, f), (int)lua.Integer(i + 1, f)));
                lua.PushInteger(state.Subscribe((int)lua.Integer(1, f), topics));
                return 1;
            })
            .Function("unsubscribe", lua =>
            {
                // (handle, topic1, topic2, …)
                const string f = "mqttcore.unsubscribe";
                var topics = new List<string>();
                for (var i = 2; i <= lua.GetTop(); i++) topics.Add(lua.Text(i, f));
                lua.PushInteger(state.Unsubscribe((int)lua.Integer(1, f), topics));
                return 1;
            })
            .Function("publish", lua =>
            {
                const string f = "mqttcore.publish";
                lua.PushInteger(state.Publish((int)lua.Integer(1, f), lua.Text(2, f), lua.Bytes(3, f), (int)lua.Integer(4, f), lua.Integer(5, f) != 0));
                return 1;
            })
            .Function("disconnect", lua =>
            {
                lua.PushInteger(state.Disconnect((int)lua.Integer(1, "mqttcore.disconnect")));
                return 1;
            })
            .Function("_onEvent", lua =>
            {
                state.SetHandler(lua, LuaCallbackRef.Capture(lua, 1));
                return 0;
            });
    }
}
