/* Replay Viewer canvases: replays recorded canvas commands and shows each canvas's pixels.
 *
 * Chromium lays a <canvas> out as its fallback content (a 0 x 0 box) in a document that runs
 * no script, as the replay iframe is. So this page draws on the recorded canvas element itself
 * (its own code runs the commands), and shows the bitmap as the element's CSS `content` image
 * (a PNG blob: URL of exactly width x height pixels lays out as the canvas would); a recorded
 * snapshot frame of the canvas's size is shown as it is, and drawn in only when needed.
 * One queue of jobs per canvas keeps frames in order; `idle()` resolves once every job has been
 * drawn and decoded. Images come from data: URLs and recorded bytes only, never the network.
 */
"use strict";

(function () {
  const MAX_BASE64 = 64 * 1024 * 1024;  // larger recorded images are skipped (an error)
  const IDLE_TIMEOUT_MS = 15000;
  const IMAGE_CACHE = 64;
  const FAILED = {};  // an image argument that did not decode
  const CONTEXTS = { 0: ["2d"], 1: ["webgl", "experimental-webgl"], 2: ["webgl2"] };
  const PROTOTYPES = { 0: "CanvasRenderingContext2D", 1: "WebGLRenderingContext",
                       2: "WebGL2RenderingContext" };
  /* Types rebuilt with `new Type(...args)`; anything else recorded by value is refused. */
  const CONSTRUCTED = new Set(["Float32Array", "Float64Array", "Int8Array", "Int16Array",
    "Int32Array", "Uint8Array", "Uint16Array", "Uint32Array", "Uint8ClampedArray", "DataView",
    "ImageData", "Path2D", "DOMMatrix"]);
  /* Objects a context hands back that later commands name by {rr_type, index}. */
  const REGISTERED = new Set(["CanvasGradient", "CanvasPattern", "WebGLActiveInfo",
    "WebGLBuffer", "WebGLFramebuffer", "WebGLProgram", "WebGLRenderbuffer", "WebGLShader",
    "WebGLShaderPrecisionFormat", "WebGLTexture", "WebGLUniformLocation",
    "WebGLVertexArrayObject", "WebGLQuery", "WebGLSampler", "WebGLSync",
    "WebGLTransformFeedback"]);

  const states = new WeakMap();   // canvas element -> its state (see stateOf)
  const urls = new Set();         // blob: URLs shown now (revoked on reset)
  const images = new Map();       // data: URL -> decoded image (the newest IMAGE_CACHE)
  const apis = {};                // context type -> {methods, setters} of its prototype
  let pending = 0;
  let waiters = [];
  let errors = 0;
  let decodes = 0;  // images decoded for showing (frames, encoded bitmaps)
  let hooks = { replace: null };

  function api(type) {
    if (apis[type]) return apis[type];
    const methods = new Set(), setters = new Set();
    const ctor = window[PROTOTYPES[type]];
    if (ctor) {
      for (const name of Object.getOwnPropertyNames(ctor.prototype)) {
        const d = Object.getOwnPropertyDescriptor(ctor.prototype, name);
        if (name === "constructor" || name === "canvas") continue;
        if (typeof d.value === "function") methods.add(name);
        else if (d.set) setters.add(name);
      }
    }
    apis[type] = { methods: methods, setters: setters };
    return apis[type];
  }

  function stateOf(el) {
    let st = states.get(el);
    if (!st) {
      st = { el: el, type: null, ctx: null, vars: new Map(), chain: Promise.resolve(),
             gen: 0, queued: [], url: null, broken: false, frame: null, plain: true };
      states.set(el, st);
    }
    return st;
  }

  /* ---- showing the bitmap ---------------------------------------------------------------- */

  function blankUrl(w, h) {
    return "data:image/svg+xml," + encodeURIComponent(
      "<svg xmlns='http://www.w3.org/2000/svg' width='" + w + "' height='" + h + "'/>");
  }

  function setContent(el, url) {
    el.style.setProperty("content", "url(\"" + url + "\")", "important");
  }

  function showBlank(st) {
    setContent(st.el, blankUrl(st.el.width, st.el.height));
    forgetUrl(st);
  }

  function revoke(url) {
    if (url && url.startsWith("blob:")) { URL.revokeObjectURL(url); urls.delete(url); }
  }

  function forgetUrl(st) {
    revoke(st.url);
    st.url = null;
  }

  /* Show `url` (already decoded) as the canvas; the URL shown before is let go. */
  function show(st, url) {
    setContent(st.el, url);
    if (st.url === url) return;
    forgetUrl(st);
    st.url = url;
    if (url.startsWith("blob:")) urls.add(url);
  }

  /* An image decoded in the canvas's own document (so its CSS content is ready to paint). */
  async function decodedIn(el, url) {
    decodes++;
    const win = el.ownerDocument && el.ownerDocument.defaultView;
    const img = win ? new win.Image() : new Image();
    img.src = url;
    await img.decode();
    return img;
  }

  /* What the canvas shows: a whole frame's own image, or its bitmap encoded as PNG. */
  async function present(st) {
    const el = st.el;
    if (!el.isConnected) return;  // removed meanwhile (a removed node never comes back)
    if (st.frame) { show(st, st.frame.url); return; }
    if (!(el.width > 0 && el.height > 0)) { showBlank(st); return; }
    const blob = await new Promise((resolve) => el.toBlob(resolve));
    if (!blob) { errors++; return; }
    const url = URL.createObjectURL(blob);
    try {
      await decodedIn(el, url);
    } catch (e) {
      URL.revokeObjectURL(url);
      errors++;
      return;
    }
    if (st.el !== el || st.frame) { URL.revokeObjectURL(url); return; }  // overtaken
    urls.add(url);
    show(st, url);
  }

  /* ---- whole frames: shown as they are, drawn into the bitmap only when needed ----------- */

  function covers(args, w, h) {
    if (!Array.isArray(args) || args.length < 4) return false;
    const [x, y, cw, ch] = args;
    if (![x, y, cw, ch].every((n) => typeof n === "number")) return false;
    return Math.min(x, x + cw) <= 0 && Math.min(y, y + ch) <= 0 &&
           Math.max(x, x + cw) >= w && Math.max(y, y + ch) >= h;
  }

  /* The Blob of a snapshot frame (Sentry ReplayCanvas, rrweb sampling.canvas) that covers
   * the whole canvas — `clearRect` + `drawImage(ImageBitmap(Blob), 0, 0[, width, height])` —
   * on a canvas whose context state was never changed (`anyState`: whatever it is); else
   * null. */
  function wholeFrame(st, commands, anyState) {
    if ((!st.plain && !anyState) || commands.length !== 2) return null;
    const [clear, draw] = commands;
    const w = st.el.width, h = st.el.height;
    if (!clear || clear.property !== "clearRect" || clear.setter || !covers(clear.args, w, h)) return null;
    if (!draw || draw.property !== "drawImage" || draw.setter || !Array.isArray(draw.args)) return null;
    const [source, x, y, dw, dh] = draw.args;
    const sized = draw.args.length === 3 || (draw.args.length === 5 && dw === w && dh === h);
    if (x !== 0 || y !== 0 || !sized || !source || source.rr_type !== "ImageBitmap" ||
        !Array.isArray(source.args) || source.args.length !== 1) return null;
    const blob = source.args[0];
    return blob && blob.rr_type === "Blob" ? blob : null;
  }

  /* Keep a whole frame's image to show as it is (no drawing, no encoding): its size must be
   * the canvas's. False when it is not (the caller draws the commands instead). */
  async function takeFrame(st, image) {
    const el = st.el;
    let url;
    try {
      url = typeof image === "string" ? image : URL.createObjectURL(value(image, null, new Map()));
    } catch (e) {
      return false;
    }
    let img;
    try {
      img = await decodedIn(el, url);
    } catch (e) {
      revoke(url);
      return false;
    }
    if (img.naturalWidth !== el.width || img.naturalHeight !== el.height) {
      revoke(url);
      return false;
    }
    dropFrame(st);
    st.frame = { url: url, img: img };
    if (url.startsWith("blob:")) urls.add(url);
    return true;
  }

  function dropFrame(st) {
    if (st.frame && st.frame.url !== st.url) revoke(st.frame.url);
    st.frame = null;
  }

  /* Before other commands draw on top, the whole frame goes into the bitmap. */
  function materialize(st, type) {
    const frame = st.frame;
    if (!frame) return;
    dropFrame(st);
    const ctx = type === 0 ? contextOf(st, 0) : null;
    if (!ctx) return;
    ctx.clearRect(0, 0, st.el.width, st.el.height);
    ctx.drawImage(frame.img, 0, 0);
  }

  /* ---- the queue --------------------------------------------------------------------------- */

  function settle() {
    pending--;
    if (pending === 0) {
      const ready = waiters;
      waiters = [];
      for (const w of ready) w();
    }
  }

  /* Run `job` after the canvas's earlier ones. `whole`: it is a whole snapshot frame, which a
   * whole frame right after it makes pointless (skipped: playing fast or far forward decodes
   * only the frames that can be seen). */
  function enqueue(st, job, whole) {
    const gen = st.gen;
    pending++;
    st.queued.push(!!whole);
    st.chain = st.chain.then(async () => {
      st.queued.shift();
      if (gen !== st.gen) return;  // a redraw from scratch came after it
      if (whole && st.plain && st.queued[0] === true) return;
      await job();
      if (st.queued.length === 0 && gen === st.gen) await present(st);  // only the newest
    }).catch(() => { errors++; }).finally(settle);
  }

  function idle() {
    if (pending === 0) return Promise.resolve();
    return new Promise((resolve) => {
      waiters.push(resolve);
      setTimeout(resolve, IDLE_TIMEOUT_MS);
    });
  }

  /* ---- arguments --------------------------------------------------------------------------- */

  function base64Bytes(text) {
    if (typeof text !== "string" || text.length > MAX_BASE64) throw new Error("bad base64");
    if (Uint8Array.fromBase64) return Uint8Array.fromBase64(text.replace(/\s+/g, ""));
    const raw = atob(text);
    const out = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }

  async function dataImage(src) {
    if (typeof src !== "string" || !src.startsWith("data:") || src.length > MAX_BASE64) {
      throw new Error("not a data: image");  // never a network request
    }
    let img = images.get(src);
    if (!img) {
      img = new Image();
      img.src = src;
      await img.decode();
      images.set(src, img);
      if (images.size > IMAGE_CACHE) images.delete(images.keys().next().value);
    }
    return img;
  }

  function isAsync(arg) {
    return arg && typeof arg === "object" &&
      (arg.rr_type === "ImageBitmap" || arg.rr_type === "HTMLImageElement");
  }

  /* Decode the images a batch uses (before any of it runs) into `loaded`; an image that does
   * not decode is FAILED there (its command is skipped, the others run). */
  async function preload(commands, loaded) {
    const work = [];
    const visit = (arg) => {
      if (Array.isArray(arg)) { arg.forEach(visit); return; }
      if (!arg || typeof arg !== "object") return;
      if (isAsync(arg)) {
        work.push(load(arg, loaded).then((v) => { loaded.set(arg, v); },
                                          () => { loaded.set(arg, FAILED); }));
        return;
      }
      if (Array.isArray(arg.args)) arg.args.forEach(visit);
      if (Array.isArray(arg.data)) arg.data.forEach(visit);
    };
    for (const cmd of commands) if (cmd && Array.isArray(cmd.args)) cmd.args.forEach(visit);
    await Promise.all(work);
  }

  async function load(arg, loaded) {
    if (arg.rr_type === "HTMLImageElement") return dataImage(arg.src);
    const inner = [];
    for (const a of arg.args || []) inner.push(isAsync(a) ? await load(a, loaded) : value(a, null, loaded));
    return createImageBitmap(...inner);
  }

  /* One recorded argument as a live value (`vars`: the context's objects by type). */
  function value(arg, vars, loaded) {
    if (Array.isArray(arg)) return arg.map((a) => value(a, vars, loaded));
    if (!arg || typeof arg !== "object") return arg;
    if (loaded.has(arg)) {
      const image = loaded.get(arg);
      if (image === FAILED) throw new Error("image did not decode");
      return image;
    }
    const type = arg.rr_type;
    if (typeof type !== "string") return arg;  // a dictionary argument (options)
    if ("index" in arg) {
      const list = vars && vars.get(type);
      if (!list || !(arg.index in list)) throw new Error("unknown " + type);
      return list[arg.index];
    }
    if (type === "ArrayBuffer") return base64Bytes(arg.base64).buffer;
    if (type === "Blob") {
      return new Blob((arg.data || []).map((a) => value(a, vars, loaded)), { type: arg.type || "" });
    }
    if (CONSTRUCTED.has(type) && Array.isArray(arg.args)) {
      return new window[type](...arg.args.map((a) => value(a, vars, loaded)));
    }
    throw new Error("unknown argument type " + type);
  }

  /* ---- running commands -------------------------------------------------------------------- */

  function contextOf(st, type) {
    if (st.ctx) {
      if (st.type === type) return st.ctx;
      errors++;  // a canvas has one kind of context (getContext of another gives null)
      return null;
    }
    for (const name of CONTEXTS[type] || []) {
      try { st.ctx = st.el.getContext(name); } catch (e) { st.ctx = null; }
      if (st.ctx) break;
    }
    if (!st.ctx) {
      if (!st.broken) errors++;  // e.g. WebGL unavailable: the canvas stays blank
      st.broken = true;
      return null;
    }
    st.type = type;
    return st.ctx;
  }

  function register(vars, result) {
    if (!result || typeof result !== "object" || !result.constructor) return;
    const name = result.constructor.name;
    if (!REGISTERED.has(name)) return;
    let list = vars.get(name);
    if (!list) { list = []; vars.set(name, list); }
    if (!list.includes(result)) list.push(result);
  }

  /* Calls that change what later drawing does (a whole frame is then drawn, not shown). */
  const STATEFUL = new Set(["translate", "rotate", "scale", "transform", "setTransform", "clip",
                            "save", "beginLayer"]);

  async function run(st, type, commands) {
    if (!Array.isArray(commands)) return;
    if (type === 0 && (st.type === null || st.type === 0)) {
      const blob = wholeFrame(st, commands);
      if (blob && await takeFrame(st, blob)) return;
    }
    const ctx = contextOf(st, type);
    if (!ctx) return;
    materialize(st, type);
    const loaded = new Map();
    await preload(commands, loaded);
    const { methods, setters } = api(type);
    for (const cmd of commands) {
      try {
        const name = cmd.property;
        const args = Array.isArray(cmd.args) ? cmd.args : [];
        if (cmd.setter || STATEFUL.has(name)) st.plain = false;
        if (cmd.setter) {
          if (!setters.has(name)) throw new Error("not a property: " + name);
          ctx[name] = value(args[0], st.vars, loaded);
        } else {
          if (!methods.has(name)) throw new Error("not a method: " + name);
          register(st.vars, ctx[name](...args.map((a) => value(a, st.vars, loaded))));
        }
      } catch (e) {
        errors++;  // skipped, as rrweb does
      }
    }
  }

  /* The snapshot's `rr_dataURL`: shown as it is when it has the canvas's size, else drawn at
   * its own size (as rrweb's rebuild does). */
  async function drawInit(st, url) {
    if (typeof url !== "string") return;
    if (await takeFrame(st, url)) return;
    const ctx = contextOf(st, 0);
    if (!ctx) return;
    try {
      const img = await dataImage(url);
      ctx.drawImage(img, 0, 0, img.naturalWidth, img.naturalHeight);
    } catch (e) { errors++; }
  }

  /* A redraw from scratch on a fresh bitmap and context. */
  function redraw(st, canvas) {
    st.gen++;
    if (st.ctx) {
      const fresh = hooks.replace ? hooks.replace(st.el) : null;
      if (!fresh) { errors++; return; }
      if (st.type !== 0) {  // free the old WebGL context now (Chromium keeps only a few)
        const lose = st.ctx.getExtension && st.ctx.getExtension("WEBGL_lose_context");
        if (lose) lose.loseContext();
      }
      states.delete(st.el);
      forgetUrl(st);
      st = stateOf(fresh);
      setContent(fresh, blankUrl(fresh.width, fresh.height));
    }
    if (!canvas) {
      dropFrame(st);
      showBlank(st);
      return;
    }
    enqueue(st, async () => {
      dropFrame(st);  // the bitmap is blank (a fresh element, or one never drawn on)
      if (canvas.init && canvas.type !== 1 && canvas.type !== 2) await drawInit(st, canvas.init);
      if (canvas.type !== null && canvas.type !== undefined) await run(st, canvas.type, canvas.commands);
    });
  }

  /* ---- what the applier calls ---------------------------------------------------------------- */

  window.replayCanvas = {
    /* A canvas element was just built (not yet attached), with its op-tree `canvas` state. */
    built(el, canvas) {
      const st = stateOf(el);
      setContent(el, blankUrl(el.width, el.height));
      if (canvas) redraw(st, canvas);
    },
    /* `canvas` op: more commands on top of what the canvas shows. */
    draw(el, type, commands) {
      const st = stateOf(el);
      const whole = type === 0 && Array.isArray(commands) && wholeFrame(st, commands, true);
      enqueue(st, () => run(st, type, commands), whole);
    },
    /* `canvas_state` op: draw from scratch. */
    restate(el, canvas) { redraw(stateOf(el), canvas); },
    /* An attribute of a canvas was set or removed by a patch op. */
    attributeChanged(el, name) {
      const st = stateOf(el);
      if (name === "width" || name === "height") {
        enqueue(st, async () => { dropFrame(st); });  // the bitmap is cleared: show it again
      } else if (name === "style") {
        const url = st.url || blankUrl(el.width, el.height);
        setContent(el, url);
      }
    },
    /* Does the page show this canvas (so `content` in its style is the player's, not recorded)? */
    owns(el) { return states.has(el); },
    reset() {
      for (const url of urls) URL.revokeObjectURL(url);
      urls.clear();
    },
    idle: idle,
    errors: () => errors,
    pending: () => pending,
    decodes: () => decodes,
    setHooks(h) { hooks = h; },
  };
})();
