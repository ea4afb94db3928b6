// LuatHost console page: plain browser JavaScript, no build step. State comes from /api/* and live updates from
// /api/events (server-sent events): `products` (the product list, with online state) and `message` (log rows).
"use strict";

const STRINGS = {
  "zh-CN": {
    title: "LuatHost 本地物联网平台控制台", connecting: "连接中…", live: "实时", lost: "连接断开，重连中…",
    products: "产品与设备", productKey: "ProductKey", productKeyHint: "留空自动生成", dynamicRegistration: "动态注册（一型一密）",
    createProduct: "创建产品", addDevice: "添加设备", deviceName: "DeviceName", deviceSecret: "DeviceSecret",
    productSecret: "ProductSecret", show: "查看", hide: "隐藏", copy: "复制", copied: "已复制",
    online: "在线", offline: "离线", inactive: "未激活", enabled: "已启用", disabledState: "已禁用",
    enable: "启用", disable: "禁用", remove: "删除", removeProduct: "删除产品", confirmDelete: "确定删除 {0}？",
    clientId: "ClientId", state: "状态", triple: "三元组", actions: "操作", noDevices: "还没有设备",
    dynregOn: "动态注册：已开启", dynregOff: "动态注册：未开启", noSecret: "（设备动态注册后生成）",
    publish: "发布消息", device: "设备", topic: "Topic", asHex: "负载为十六进制", send: "发布",
    published: "已发布", publishedOffline: "已发布（设备离线，只有当前订阅者能收到）",
    messageLog: "消息日志", showHex: "以十六进制显示负载", time: "时间", direction: "方向", payload: "负载",
    up: "上行（设备→云）", down: "下行（云→设备）", pickDevice: "先选择设备",
    rule_deviceName: "DeviceName 须为 4–32 个字符，可包含英文字母、数字和 - _ . @ :（阿里云 RegisterDevice 的规则）",
    rule_productKey: "ProductKey 须为 11 位英文字母或数字（阿里云颁发的格式，如 a1mxL3s6Z7m）；留空则自动生成",
  },
  en: {
    title: "LuatHost local IoT console", connecting: "connecting…", live: "live", lost: "disconnected, retrying…",
    products: "Products and devices", productKey: "ProductKey", productKeyHint: "empty = generate one", dynamicRegistration: "Dynamic registration (一型一密)",
    createProduct: "Create product", addDevice: "Add device", deviceName: "DeviceName", deviceSecret: "DeviceSecret",
    productSecret: "ProductSecret", show: "Show", hide: "Hide", copy: "Copy", copied: "Copied",
    online: "online", offline: "offline", inactive: "not activated", enabled: "enabled", disabledState: "disabled",
    enable: "Enable", disable: "Disable", remove: "Delete", removeProduct: "Delete product", confirmDelete: "Delete {0}?",
    clientId: "ClientId", state: "State", triple: "Triple", actions: "Actions", noDevices: "no devices yet",
    dynregOn: "dynamic registration: on", dynregOff: "dynamic registration: off", noSecret: "(issued when the device registers)",
    publish: "Publish to a device", device: "Device", topic: "Topic", asHex: "payload is hex", send: "Publish",
    published: "published", publishedOffline: "published (the device is offline; only a current subscriber receives it)",
    messageLog: "Message log", showHex: "show payloads as hex", time: "Time", direction: "Direction", payload: "Payload",
    up: "up (device → cloud)", down: "down (cloud → device)", pickDevice: "pick a device first",
  },
};

let lang = localStorage.getItem("luathost.lang") || (document.documentElement.lang === "zh-CN" ? "zh-CN" : "en");
let products = [];
const revealed = new Set(); // secrets the user asked to see stay shown when live updates redraw the list
const messages = [];
const $ = (selector, root = document) => root.querySelector(selector);
const t = (key, ...args) => (STRINGS[lang][key] || key).replace(/\{(\d)\}/g, (_, i) => args[i]);

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child);
  return node;
}

async function api(method, path, body) {
  const response = await fetch(path, {
    method, headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const data = text ? JSON.parse(text) : {};
  // Naming-rule refusals come with the rule's name, so they can be said in the page's language.
  if (!response.ok) throw new Error((data.rule && STRINGS[lang]["rule_" + data.rule]) || data.error || response.statusText);
  return data;
}

function applyLanguage() {
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-placeholder]")) node.placeholder = t(node.dataset.i18nPlaceholder);
  document.title = t("title");
  renderProducts();
  renderLog();
}

function copyButton(value, testid) {
  return el("button", {
    type: "button", "data-testid": testid,
    onclick: async (event) => {
      const text = typeof value === "function" ? await value() : value;
      try { await navigator.clipboard.writeText(text); } catch { /* clipboard needs a secure context; the value is shown anyway */ }
      event.target.textContent = t("copied");
      setTimeout(() => { event.target.textContent = t("copy"); }, 1200);
    },
  }, t("copy"));
}

function secretField(label, fetchSecret, testid, key) {
  const value = el("span", { class: "secret", "data-testid": testid + "-value" }, "••••••••");
  const show = async (shown) => {
    if (shown) revealed.add(key); else revealed.delete(key);
    value.textContent = shown ? ((await fetchSecret()) || t("noSecret")) : "••••••••";
    toggle.textContent = shown ? t("hide") : t("show");
  };
  const toggle = el("button", { type: "button", "data-testid": testid + "-show", onclick: () => show(!revealed.has(key)) }, t("show"));
  if (revealed.has(key)) show(true);
  return el("span", {}, label + ": ", value, " ", toggle, " ", copyButton(fetchSecret, testid + "-copy"));
}

function deviceRow(product, device) {
  const id = `${product.productKey}/${device.deviceName}`;
  const state = device.online ? el("span", { class: "online" }, t("online"))
    : el("span", { class: "offline" }, device.activated ? t("offline") : t("inactive"));
  const secret = async () => (await api("GET", `/api/devices/${product.productKey}/${encodeURIComponent(device.deviceName)}/secret`)).deviceSecret;
  return el("tr", { "data-device": id, "data-testid": "device-row" },
    el("td", { class: "mono" }, device.deviceName, " ", copyButton(device.deviceName, "copy-device-name")),
    el("td", { "data-testid": "device-state" }, state, " ", device.enabled ? "" : el("span", { class: "disabled" }, t("disabledState"))),
    el("td", { class: "mono", "data-testid": "device-client-id" }, device.clientId || ""),
    el("td", {}, secretField(t("deviceSecret"), secret, "device-secret", "device:" + id)),
    el("td", {},
      el("button", {
        type: "button", "data-testid": "device-toggle",
        onclick: () => guard(() => api("PUT", `/api/devices/${product.productKey}/${encodeURIComponent(device.deviceName)}/enabled`, { enabled: !device.enabled })),
      }, device.enabled ? t("disable") : t("enable")), " ",
      el("button", {
        type: "button", "data-testid": "device-delete",
        onclick: () => confirm(t("confirmDelete", id)) && guard(() => api("DELETE", `/api/devices/${product.productKey}/${encodeURIComponent(device.deviceName)}`)),
      }, t("remove"))));
}

function productCard(product) {
  const errorLine = el("p", { class: "error", "data-testid": "device-error", role: "alert" });
  const name = el("input", { name: "deviceName", maxlength: "32", placeholder: t("deviceName"), "data-testid": "new-device-name" });
  const addForm = el("form", {
    "data-testid": "add-device",
    onsubmit: async (event) => {
      event.preventDefault();
      errorLine.textContent = "";
      try { await api("POST", `/api/products/${product.productKey}/devices`, { deviceName: name.value.trim() }); name.value = ""; await refresh(); }
      catch (error) { errorLine.textContent = error.message; }
    },
  }, name, el("button", { type: "submit" }, t("addDevice")));
  const secret = async () => (await api("GET", `/api/products/${product.productKey}/secret`)).productSecret;
  const rows = product.devices.map((device) => deviceRow(product, device));
  return el("div", { class: "product", "data-product": product.productKey, "data-testid": "product" },
    el("h3", {}, el("span", { class: "mono" }, product.productKey), copyButton(product.productKey, "copy-product-key"),
      el("span", {}, product.dynamicRegistration ? t("dynregOn") : t("dynregOff")),
      secretField(t("productSecret"), secret, "product-secret", "product:" + product.productKey),
      el("button", { type: "button", "data-testid": "product-delete", onclick: () => confirm(t("confirmDelete", product.productKey)) && guard(() => api("DELETE", `/api/products/${product.productKey}`)) }, t("removeProduct"))),
    el("table", {},
      el("thead", {}, el("tr", {}, [t("deviceName"), t("state"), t("clientId"), t("triple"), t("actions")].map((h) => el("th", {}, h)))),
      el("tbody", {}, rows.length ? rows : el("tr", {}, el("td", { colspan: "5", class: "offline" }, t("noDevices"))))),
    addForm, errorLine);
}

function renderProducts() {
  $("#products").replaceChildren(...products.map(productCard));
  const select = $("#publish select[name=device]");
  const current = select.value;
  select.replaceChildren(el("option", { value: "" }, "—"),
    ...products.flatMap((p) => p.devices.map((d) => el("option", { value: `${p.productKey}/${d.deviceName}` },
      `${p.productKey}/${d.deviceName}${d.online ? " ●" : ""}`))));
  select.value = [...select.options].some((o) => o.value === current) ? current : "";
}

function payloadCell(message) {
  const hex = $("#log-hex").checked || message.text === null;
  return hex ? message.hex.replace(/(..)/g, "$1 ").trim() : message.text;
}

function logRow(message) {
  return el("tr", { "data-testid": "log-row", "data-direction": message.direction },
    el("td", {}, new Date(message.time).toLocaleTimeString()),
    el("td", {}, t(message.direction)),
    el("td", { class: "mono" }, message.productKey ? `${message.productKey}/${message.deviceName}` : ""),
    el("td", { class: "mono", "data-testid": "log-topic" }, message.topic),
    el("td", {}, String(message.qos)),
    el("td", { "data-testid": "log-payload" }, payloadCell(message)));
}

function renderLog() {
  $("#log").replaceChildren(...messages.slice().reverse().map(logRow));
}

function addMessage(message) {
  if (messages.some((m) => m.sequence === message.sequence)) return;
  messages.push(message);
  if (messages.length > 1000) messages.shift();
  $("#log").prepend(logRow(message));
}

async function guard(action) {
  $("#product-error").textContent = "";
  try { await action(); await refresh(); } catch (error) { $("#product-error").textContent = error.message; }
}

async function refresh() {
  products = await api("GET", "/api/products");
  renderProducts();
}

async function loadTopics() {
  const device = $("#publish select[name=device]").value;
  const pick = $("#publish select[name=topicPick]");
  if (!device) { pick.replaceChildren(); return; }
  const [pk, ...rest] = device.split("/");
  const topics = await api("GET", `/api/devices/${pk}/${encodeURIComponent(rest.join("/"))}/topics`);
  pick.replaceChildren(...topics.subscribe.map((topic) => el("option", { value: topic }, topic)));
  // Prefer the custom …/user/get topic (the tutorial's 发布消息 target).
  const preferred = topics.subscribe.find((topic) => topic.endsWith("/user/get")) || topics.subscribe[0] || "";
  pick.value = preferred;
  $("#publish input[name=topic]").value = preferred;
}

function connectEvents() {
  const events = new EventSource("/api/events");
  events.onopen = () => { $("#live").textContent = t("live"); };
  events.onerror = () => { $("#live").textContent = t("lost"); };
  events.addEventListener("products", (event) => { products = JSON.parse(event.data); renderProducts(); });
  events.addEventListener("message", (event) => addMessage(JSON.parse(event.data)));
}

$("#create-product").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = event.target;
  guard(async () => {
    await api("POST", "/api/products", { productKey: form.productKey.value.trim() || null, dynamicRegistration: form.dynamicRegistration.checked });
    form.productKey.value = "";
  });
});
$("#publish select[name=device]").addEventListener("change", () => loadTopics().catch((error) => { $("#publish-result").textContent = error.message; }));
$("#publish select[name=topicPick]").addEventListener("change", (event) => { $("#publish input[name=topic]").value = event.target.value; });
$("#publish").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const result = $("#publish-result");
  result.textContent = "";
  if (!form.device.value) { result.textContent = t("pickDevice"); return; }
  const [pk, ...rest] = form.device.value.split("/");
  const body = { topic: form.topic.value.trim(), qos: Number(form.qos.value) };
  if (form.hex.checked) body.payloadHex = form.payload.value; else body.payload = form.payload.value;
  try {
    const reply = await api("POST", `/api/devices/${pk}/${encodeURIComponent(rest.join("/"))}/publish`, body);
    result.textContent = reply.online ? t("published") : t("publishedOffline");
  } catch (error) { result.textContent = error.message; }
});
$("#log-hex").addEventListener("change", renderLog);
$("#lang-toggle").addEventListener("click", () => {
  lang = lang === "zh-CN" ? "en" : "zh-CN";
  localStorage.setItem("luathost.lang", lang);
  applyLanguage();
});

applyLanguage();
api("GET", "/api/messages").then((rows) => { rows.forEach(addMessage); }).catch(() => {});
refresh().catch(() => {});
connectEvents();
