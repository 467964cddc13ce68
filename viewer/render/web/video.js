/* Replay Viewer video clock: while a video is exported, the CSS animations and transitions of
 * the overlay and of the replayed documents advance by the video's frame time, not by the
 * wall clock (painting a frame takes longer or shorter than showing it). Unused otherwise. */
"use strict";

(function () {
  const seen = new WeakSet();

  const WAIT_MS = 1000;
  let stamps = 0;
  const waited = new WeakSet();

  /* Images of the replayed documents still loading (not lazy ones: they wait for a scroll),
   * each reported once. */
  function loadingImages() {
    const out = [];
    for (const doc of window.replay.documents()) {
      for (const img of doc.images) {
        if (!img.complete && img.loading !== "lazy" && !waited.has(img)) out.push(img);
      }
    }
    return out;
  }

  window.replayVideo = {
    /* Move every animation `ms` of video time on; one started since the last frame is taken
     * to be half a frame old. Returns how many animations run. */
    advance(ms) {
      let count = 0;
      // the player page and every replayed document (iframes, through shadow roots too)
      for (const doc of [document, ...window.replay.documents()]) {
        let animations = [];
        try { animations = doc.getAnimations(); } catch (e) { continue; }
        for (const a of animations) {
          count++;
          if (!seen.has(a)) {
            seen.add(a);
            a.pause();
            a.currentTime = ms / 2;
          } else {
            a.currentTime = (a.currentTime || 0) + ms;
          }
        }
      }
      return count;
    },
    /* A strip of `height` px under the stage whose colour says which frame was sent last:
     * a grab that shows frame k's stamp shows everything sent before it. The colour changes
     * once the images being loaded have loaded or failed (each is waited for once, at most
     * WAIT_MS), so that a frame does not show a page whose pictures are still on their way. */
    stamp(height, r, g, b) {
      let strip = document.getElementById("video-stamp");
      if (!strip) {
        strip = document.createElement("div");
        strip.id = "video-stamp";
        strip.style.cssText = "position:fixed;left:0;right:0;bottom:0;z-index:2147483647;";
        document.body.appendChild(strip);
        window.replay.reserveBottom(height);
      }
      const serial = ++stamps;
      const show = () => {
        if (serial !== stamps) return;  // a later frame's stamp was asked for meanwhile
        strip.style.height = height + "px";
        strip.style.background = "rgb(" + r + "," + g + "," + b + ")";
      };
      const pending = loadingImages();
      if (!pending.length) { show(); return; }
      const loaded = pending.map((img) => new Promise((done) => {
        waited.add(img);
        img.addEventListener("load", done, { once: true });
        img.addEventListener("error", done, { once: true });
      }));
      Promise.race([Promise.all(loaded), new Promise((done) => setTimeout(done, WAIT_MS))])
        .then(show);
    },
  };
})();
