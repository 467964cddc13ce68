"""The canvas APIs a recording may replay: 2D and WebGL method and settable property names.

Taken from Chromium's `CanvasRenderingContext2D`, `WebGLRenderingContext` and
`WebGL2RenderingContext` prototypes (plus a few names other browsers record); a command whose
name is not here is counted as a problem and skipped.
"""

from __future__ import annotations

METHODS_2D = frozenset(
    {
        "arc", "arcTo", "beginLayer", "beginPath", "bezierCurveTo", "clearRect", "clip",
        "closePath", "createConicGradient", "createImageData", "createLinearGradient",
        "createPattern", "createRadialGradient", "drawFocusIfNeeded", "drawImage", "ellipse",
        "fill", "fillRect", "fillText", "getContextAttributes", "getImageData", "getLineDash",
        "getTransform", "isContextLost", "isPointInPath", "isPointInStroke", "lineTo",
        "measureText", "moveTo", "putImageData", "quadraticCurveTo", "rect", "reset",
        "resetTransform", "restore", "rotate", "roundRect", "save", "scale", "setLineDash",
        "setTransform", "stroke", "strokeRect", "strokeText", "transform", "translate",
        "endLayer",
    }
)

SETTERS_2D = frozenset(
    {
        "direction", "fillStyle", "filter", "font", "fontKerning", "fontStretch",
        "fontVariantCaps", "globalAlpha", "globalCompositeOperation", "imageSmoothingEnabled",
        "imageSmoothingQuality", "lang", "letterSpacing", "lineCap", "lineDashOffset",
        "lineJoin", "lineWidth", "miterLimit", "shadowBlur", "shadowColor", "shadowOffsetX",
        "shadowOffsetY", "strokeStyle", "textAlign", "textBaseline", "textRendering",
        "wordSpacing", "mozImageSmoothingEnabled", "webkitImageSmoothingEnabled",
    }
)

METHODS_WEBGL = frozenset(
    {
        "activeTexture", "attachShader", "beginQuery", "beginTransformFeedback",
        "bindAttribLocation", "bindBuffer", "bindBufferBase", "bindBufferRange",
        "bindFramebuffer", "bindRenderbuffer", "bindSampler", "bindTexture",
        "bindTransformFeedback", "bindVertexArray", "blendColor", "blendEquation",
        "blendEquationSeparate", "blendFunc", "blendFuncSeparate", "blitFramebuffer",
        "bufferData", "bufferSubData", "checkFramebufferStatus", "clear", "clearBufferfi",
        "clearBufferfv", "clearBufferiv", "clearBufferuiv", "clearColor", "clearDepth",
        "clearStencil", "clientWaitSync", "colorMask", "compileShader", "compressedTexImage2D",
        "compressedTexImage3D", "compressedTexSubImage2D", "compressedTexSubImage3D",
        "copyBufferSubData", "copyTexImage2D", "copyTexSubImage2D", "copyTexSubImage3D",
        "createBuffer", "createFramebuffer", "createProgram", "createQuery",
        "createRenderbuffer", "createSampler", "createShader", "createTexture",
        "createTransformFeedback", "createVertexArray", "cullFace", "deleteBuffer",
        "deleteFramebuffer", "deleteProgram", "deleteQuery", "deleteRenderbuffer",
        "deleteSampler", "deleteShader", "deleteSync", "deleteTexture",
        "deleteTransformFeedback", "deleteVertexArray", "depthFunc", "depthMask", "depthRange",
        "detachShader", "disable", "disableVertexAttribArray", "drawArrays",
        "drawArraysInstanced", "drawBuffers", "drawElements", "drawElementsInstanced",
        "drawRangeElements", "drawingBufferStorage", "enable", "enableVertexAttribArray",
        "endQuery", "endTransformFeedback", "fenceSync", "finish", "flush",
        "framebufferRenderbuffer", "framebufferTexture2D", "framebufferTextureLayer",
        "frontFace", "generateMipmap", "getActiveAttrib", "getActiveUniform",
        "getActiveUniformBlockName", "getActiveUniformBlockParameter", "getActiveUniforms",
        "getAttachedShaders", "getAttribLocation", "getBufferParameter", "getBufferSubData",
        "getContextAttributes", "getError", "getExtension", "getFragDataLocation",
        "getFramebufferAttachmentParameter", "getIndexedParameter",
        "getInternalformatParameter", "getParameter", "getProgramInfoLog",
        "getProgramParameter", "getQuery", "getQueryParameter", "getRenderbufferParameter",
        "getSamplerParameter", "getShaderInfoLog", "getShaderParameter",
        "getShaderPrecisionFormat", "getShaderSource", "getSupportedExtensions",
        "getSyncParameter", "getTexParameter", "getTransformFeedbackVarying", "getUniform",
        "getUniformBlockIndex", "getUniformIndices", "getUniformLocation", "getVertexAttrib",
        "getVertexAttribOffset", "hint", "invalidateFramebuffer", "invalidateSubFramebuffer",
        "isBuffer", "isContextLost", "isEnabled", "isFramebuffer", "isProgram", "isQuery",
        "isRenderbuffer", "isSampler", "isShader", "isSync", "isTexture", "isTransformFeedback",
        "isVertexArray", "lineWidth", "linkProgram", "makeXRCompatible",
        "pauseTransformFeedback", "pixelStorei", "polygonOffset", "readBuffer", "readPixels",
        "renderbufferStorage", "renderbufferStorageMultisample", "resumeTransformFeedback",
        "sampleCoverage", "samplerParameterf", "samplerParameteri", "scissor", "shaderSource",
        "stencilFunc", "stencilFuncSeparate", "stencilMask", "stencilMaskSeparate", "stencilOp",
        "stencilOpSeparate", "texImage2D", "texImage3D", "texParameterf", "texParameteri",
        "texStorage2D", "texStorage3D", "texSubImage2D", "texSubImage3D",
        "transformFeedbackVaryings", "uniform1f", "uniform1fv", "uniform1i", "uniform1iv",
        "uniform1ui", "uniform1uiv", "uniform2f", "uniform2fv", "uniform2i", "uniform2iv",
        "uniform2ui", "uniform2uiv", "uniform3f", "uniform3fv", "uniform3i", "uniform3iv",
        "uniform3ui", "uniform3uiv", "uniform4f", "uniform4fv", "uniform4i", "uniform4iv",
        "uniform4ui", "uniform4uiv", "uniformBlockBinding", "uniformMatrix2fv",
        "uniformMatrix2x3fv", "uniformMatrix2x4fv", "uniformMatrix3fv", "uniformMatrix3x2fv",
        "uniformMatrix3x4fv", "uniformMatrix4fv", "uniformMatrix4x2fv", "uniformMatrix4x3fv",
        "useProgram", "validateProgram", "vertexAttrib1f", "vertexAttrib1fv", "vertexAttrib2f",
        "vertexAttrib2fv", "vertexAttrib3f", "vertexAttrib3fv", "vertexAttrib4f",
        "vertexAttrib4fv", "vertexAttribDivisor", "vertexAttribI4i", "vertexAttribI4iv",
        "vertexAttribI4ui", "vertexAttribI4uiv", "vertexAttribIPointer", "vertexAttribPointer",
        "viewport", "waitSync",
    }
)

SETTERS_WEBGL = frozenset(
    {
        "drawingBufferColorSpace", "unpackColorSpace",
    }
)
