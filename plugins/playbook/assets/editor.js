/* Playbook Hub's browser editor: reads config.yml (made by `playbook cms` from the kinds of
 * the format), registers a file format per collection that reads and writes the YAML as
 * the format has it, then starts Decap CMS.
 *
 * Reading a file: a text field written as one string (the hub's default language) becomes
 * a mapping of languages, so that each language has its input; `roles: all` becomes the
 * choice "all"; objections written in place in a play or a battlecard are kept aside,
 * untouched, while the relation widget edits the ids. Writing: empty values are left out
 * (the format has no empty text), a text given only in the default language is written as
 * one string, fields keep the order of the form, and what the form does not know is kept
 * as it was. */
(function () {
  "use strict";
  var INLINE = "__playbook_inline_";

  function empty(value) {
    if (value === null || value === undefined) return true;
    if (typeof value === "string") return value.trim() === "";
    if (Array.isArray(value)) return value.length === 0;
    if (typeof value === "object") return Object.keys(value).length === 0;
    return false;
  }

  function asText(value, lang) {
    if (value === null || value === undefined) return value;
    if (typeof value === "object" && !Array.isArray(value)) return value;
    var out = {};
    out[lang] = String(value);
    return out;
  }

  function read(fields, data, lang) {
    if (!data || typeof data !== "object") return data;
    fields.forEach(function (f) {
      var v = data[f.name];
      if (v === undefined) return;
      if (f.playbook === "text") data[f.name] = asText(v, lang);
      else if (f.playbook === "all" && v === "all") data[f.name] = ["all"];
      else if (f.playbook === "mixed" && Array.isArray(v)) {
        data[f.name] = v.filter(function (x) { return typeof x === "string"; });
        var kept = v.filter(function (x) { return typeof x !== "string"; });
        if (kept.length) data[INLINE + f.name] = kept;
      } else if (f.widget === "list" && Array.isArray(v)) {
        if (f.field && f.field.playbook === "text") {
          data[f.name] = v.map(function (x) { return asText(x, lang); });
        } else if (f.fields) {
          v.forEach(function (item) { read(f.fields, item, lang); });
        }
      } else if (f.widget === "object" && f.fields) {
        read(f.fields, v, lang);
      }
    });
    return data;
  }

  function writeText(value, lang) {
    if (!value || typeof value !== "object") return empty(value) ? undefined : value;
    var out = {};
    Object.keys(value).forEach(function (k) {
      if (!empty(value[k])) out[k] = value[k];
    });
    var keys = Object.keys(out);
    if (keys.length === 0) return undefined;
    if (keys.length === 1 && keys[0] === lang) return out[lang];
    return out;
  }

  function write(fields, data, lang) {
    var out = {};
    fields.forEach(function (f) {
      var v = data[f.name];
      if (f.playbook === "text") v = writeText(v, lang);
      else if (f.playbook === "all" && Array.isArray(v) && v.indexOf("all") !== -1) v = "all";
      else if (f.playbook === "mixed") {
        v = (Array.isArray(v) ? v : []).concat(data[INLINE + f.name] || []);
      } else if (f.widget === "list" && Array.isArray(v)) {
        if (f.field && f.field.playbook === "text") {
          v = v.map(function (x) { return writeText(x, lang); })
            .filter(function (x) { return x !== undefined; });
        } else if (f.fields) {
          v = v.map(function (item) { return write(f.fields, item || {}, lang); })
            .filter(function (x) { return !empty(x); });
        } else {
          v = v.filter(function (x) { return !empty(x); });
        }
      } else if (f.widget === "object" && f.fields && v && typeof v === "object") {
        v = write(f.fields, v, lang);
      }
      if (!empty(v)) out[f.name] = typeof v === "string" ? v.trim() : v;
    });
    Object.keys(data).forEach(function (k) {  // what the form does not know, as it was
      if (k.indexOf(INLINE) !== 0 && !fields.some(function (f) {
        return f.name === k;
      }) && !empty(data[k])) out[k] = data[k];
    });
    return out;
  }

  function format(fields, lang) {
    return {
      fromFile: function (content) {
        var data = jsyaml.load(content, { schema: jsyaml.CORE_SCHEMA }) || {};
        return read(fields, data, lang);
      },
      toFile: function (data) {
        var plain = JSON.parse(JSON.stringify(data));
        return jsyaml.dump(write(fields, plain, lang),
          { schema: jsyaml.CORE_SCHEMA, lineWidth: -1, noRefs: true });
      },
    };
  }

  // The inputs of a language written right to left (a text's `dir: rtl` subfield) are:
  // Decap names an input `<field>-field-<n>`.
  function rightToLeft(fields) {
    var langs = {};
    (function walk(fields) {
      fields.forEach(function (f) {
        if (f.dir === "rtl") langs[f.name] = true;
        walk(f.fields || (f.field ? [f.field] : []));
      });
    })(fields);
    var rules = Object.keys(langs).map(function (lang) {
      var id = '[id^="' + lang + '-field-"]';
      return "input" + id + ", textarea" + id + ", " + id + " [contenteditable]" +
        " { direction: rtl; text-align: right; }";
    });
    if (!rules.length) return;
    var style = document.createElement("style");
    style.textContent = rules.join("\n");
    document.head.appendChild(style);
  }

  // Decap refuses to save an entry with a required field empty by saying so on the page,
  // then rejecting a promise with no reason that nothing handles: not an error to report.
  window.addEventListener("unhandledrejection", function (event) {
    if (event.reason === undefined) event.preventDefault();
  });

  fetch("config.yml", { cache: "no-cache" })
    .then(function (r) {
      if (!r.ok) throw new Error("config.yml: " + r.status);
      return r.text();
    })
    .then(function (text) {
      var config = jsyaml.load(text);
      config.load_config_file = false;
      var lang = "en";  // the hub's default language: its titles name the files
      (config.collections || []).forEach(function (c) {
        if (c.identifier_field) lang = String(c.identifier_field).split(".")[1] || lang;
      });
      var every = [];
      (config.collections || []).forEach(function (c) {
        // a folder of files, or a collection of named files (hub.yml): their fields
        var fields = c.fields || ((c.files || [])[0] || {}).fields || [];
        every = every.concat(fields);
        if (typeof c.format === "string" && c.format.indexOf("playbook-") === 0) {
          window.CMS.registerCustomFormat(c.format, c.extension || "yml",
            format(fields, lang));
        }
      });
      rightToLeft(every);
      window.CMS.init({ config: config });
    })
    .catch(function (error) {
      document.body.textContent = "The editor could not start: " + error.message;
    });
})();
