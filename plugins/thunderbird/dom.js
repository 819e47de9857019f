/*
 * Two small DOM helpers shared by the warning dialog and the followup-guard tab; each page
 * loads this file before its own script.
 */
"use strict";

window.fgDom = Object.freeze({
  $: (id) => document.getElementById(id),
  // el("p", {class: "note", "data-rule": id}, "text", childNode): a new element; attributes
  // named class and data-* are set as such, anything else as a property.
  el: (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "class") {
        node.className = value;
      } else if (key.startsWith("data-")) {
        node.setAttribute(key, value);
      } else {
        node[key] = value;
      }
    }
    for (const child of children) {
      if (child !== null && child !== undefined) {
        node.append(child);
      }
    }
    return node;
  },
});
