// Ranking units by class (year pages) and comparing units or years (compare pages), drawn from the site's
// static JSON API (api/v1/, macros/website/api.py). The server writes where the API is and every label into
// data attributes (macros/website/compare_pages.py); without JavaScript the full tables beneath are the page.
// Data text reaches the page only as textContent, never as markup. Nothing is fetched from another site.
(function () {
  "use strict";

  var PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9"]; // as the charts (macros/rendering/charts.py)
  var MAX_UNITS = 4;
  var MAX_YEARS = 5;
  var loaded = {};

  function fetchJson(url) {
    if (!loaded[url]) {
      loaded[url] = fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ": " + response.status);
        return response.json();
      });
    }
    return loaded[url];
  }

  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (name === "text") node.textContent = attributes[name];
      else node.setAttribute(name, attributes[name]);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(child);
    });
    return node;
  }

  function settings(box) {
    return {
      api: box.dataset.api,
      root: box.dataset.root,
      lang: box.dataset.lang,
      labels: JSON.parse(box.dataset.labels),
      units: JSON.parse(box.dataset.units),
    };
  }

  function amount(value, lang) {
    return value.toLocaleString(lang === "en" ? "en-US" : "zh-CN", {
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
  }

  function nameOf(entry, lang) {
    return (lang === "en" && entry.name_en) || entry.name_zh;
  }

  // A name in Chinese on an English page (its English is pending) is marked as Chinese for screen readers.
  function named(entry, lang) {
    var node = element("span", { text: nameOf(entry, lang) });
    if (lang === "en" && !entry.name_en) node.setAttribute("lang", "zh-Hans");
    return node;
  }

  function pageLink(entry, config) {
    return element("a", { href: config.root + (config.lang === "en" ? entry.page_en : entry.page_zh) }, [
      named(entry, config.lang),
    ]);
  }

  function params() {
    return new URLSearchParams(window.location.search);
  }

  function remember(changes) {
    var query = params();
    Object.keys(changes).forEach(function (key) {
      if (changes[key]) query.set(key, changes[key]);
      else query.delete(key);
    });
    var text = query.toString();
    window.history.replaceState(null, "", window.location.pathname + (text ? "?" + text : "") + window.location.hash);
  }

  function labelled(text, control) {
    return element("label", { class: "compare-control" }, [element("span", { text: text + " " }), control]);
  }

  function bar(value, largest, colour) {
    var width = largest > 0 ? Math.max((value / largest) * 100, value > 0 ? 0.5 : 0) : 0;
    return element("span", { class: "compare-bar", style: "width:" + width.toFixed(2) + "%;background:" + colour });
  }

  // --- a year page: rank the units by one class ---------------------------------------------------------

  function ranking(box) {
    var config = settings(box);
    var kind = box.dataset.kind;
    var key = "class-" + kind;
    fetchJson(config.api + box.dataset.year + "/index.json")
      .then(function (index) {
        var publications = index.publications.filter(function (each) {
          return each.kind === kind;
        });
        var select = element("select", { class: "class-ranking__select" });
        var totals = {};
        [
          ["function", index.function_classes],
          ["economic", index.economic_classes],
        ].forEach(function (pair) {
          var group = element("optgroup", { label: config.labels[pair[0]] });
          Object.keys(pair[1]).forEach(function (code) {
            var sum = publications.reduce(function (total, each) {
              return total + (each[pair[0] + "_classes"][code] || 0);
            }, 0);
            if (!sum) return;
            totals[pair[0] + ":" + code] = sum;
            group.appendChild(element("option", { value: pair[0] + ":" + code, text: code + " " + nameOf(pair[1][code], config.lang) }));
          });
          if (group.children.length) select.appendChild(group);
        });
        if (!select.options.length) return;
        var largest = Object.keys(totals).sort(function (a, b) {
          return totals[b] - totals[a];
        })[0];
        select.value = totals[params().get(key)] ? params().get(key) : largest;
        var output = element("div", { class: "class-ranking__output", "aria-live": "polite" });
        box.appendChild(labelled(config.labels["class"], select));
        box.appendChild(output);

        function draw() {
          var parts = select.value.split(":");
          var names = parts[0] === "function" ? index.function_classes : index.economic_classes;
          var rows = publications
            .map(function (each) {
              return { entry: each, value: each[parts[0] + "_classes"][parts[1]] || 0 };
            })
            .filter(function (row) {
              return row.value > 0;
            })
            .sort(function (a, b) {
              return b.value - a.value;
            });
          var top = rows.length ? rows[0].value : 0;
          var unit = config.units[index.amount_unit].name;
          var caption = parts[1] + " " + nameOf(names[parts[1]], config.lang) + " · " + config.labels.in_unit.replace("{unit}", unit);
          var body = rows.map(function (row, position) {
            var share = row.entry.total ? (row.value / row.entry.total) * 100 : 0;
            return element("tr", {}, [
              element("td", { text: String(position + 1) }),
              element("th", { scope: "row" }, [pageLink(row.entry, config)]),
              element("td", { class: "compare-number", text: amount(row.value, config.lang) }),
              element("td", { class: "compare-number", text: share.toFixed(1) + "%" }),
              element("td", { class: "compare-bar-cell", "aria-hidden": "true" }, [bar(row.value, top, PALETTE[0])]),
            ]);
          });
          var head = element("tr", {}, [
            element("th", { scope: "col", text: config.labels.rank }),
            element("th", { scope: "col", text: config.labels.unit }),
            element("th", { scope: "col", text: config.labels.amount }),
            element("th", { scope: "col", text: config.labels.share }),
            element("td", {}),
          ]);
          var table = element("table", {}, [
            element("caption", { text: caption }),
            element("thead", {}, [head]),
            element("tbody", {}, body),
          ]);
          output.textContent = "";
          output.appendChild(element("div", { class: "compare-scroll" }, [table]));
          var none = publications.length - rows.length;
          if (none) output.appendChild(element("p", { text: config.labels.none.replace("{count}", none) }));
          remember(Object.fromEntries([[key, select.value === largest ? "" : select.value]]));
        }
        select.addEventListener("change", draw);
        draw();
      })
      .catch(function (error) {
        console.error(error); // the full tables stay: the page still ranks without the script's view
      });
  }

  // --- the compare page: units side by side, or one unit's years ------------------------------------------

  function compare(box) {
    var config = settings(box);
    var year = Number(box.dataset.year);
    Promise.all([fetchJson(config.api + "units.json"), fetchJson(config.api + year + "/index.json")])
      .then(function (found) {
        build(box, config, year, found[0], found[1]);
      })
      .catch(function (error) {
        console.error(error); // the static table stays
      });
  }

  function build(box, config, year, catalogue, index) {
    var query = params();
    var state = {
      mode: query.get("mode") === "years" ? "years" : "units",
      kind: index.kinds.indexOf(query.get("kind")) >= 0 ? query.get("kind") : index.kinds[0],
      units: (query.get("units") || "").split(",").filter(Boolean),
      unit: query.get("unit") || "",
      years: (query.get("years") || "").split(",").filter(Boolean).map(Number),
    };
    var controls = element("div", { class: "compare-controls" });
    var output = element("div", { class: "compare-output", "aria-live": "polite" });
    box.appendChild(controls);
    box.appendChild(output);
    var fallback = box.parentNode.querySelector(".budget-compare__static");
    if (fallback) fallback.hidden = true;

    function ofKind() {
      return index.publications.filter(function (each) {
        return each.kind === state.kind;
      });
    }

    function unitsWithKind() {
      return catalogue.units.filter(function (unit) {
        return unit.publications.some(function (each) {
          return each.kind === state.kind;
        });
      });
    }

    function checkboxes(legend, items, chosen, limit, change) {
      var set = element("fieldset", { class: "compare-choices" }, [element("legend", { text: legend })]);
      var boxes = items.map(function (item) {
        var input = element("input", { type: "checkbox", value: item.value });
        input.checked = chosen.indexOf(item.value) >= 0;
        input.addEventListener("change", function () {
          // Columns in the order the reader chose them.
          var kept = chosen.filter(function (value) {
            return value !== input.value;
          });
          change(input.checked ? kept.concat([input.value]) : kept);
        });
        set.appendChild(element("label", { class: "compare-choice" }, [input, element("span", { text: " " }), item.label]));
        return input;
      });
      var count = boxes.filter(function (each) {
        return each.checked;
      }).length;
      boxes.forEach(function (each) {
        each.disabled = !each.checked && count >= limit;
      });
      return set;
    }

    function drawControls() {
      controls.textContent = "";
      var modes = element("fieldset", { class: "compare-choices compare-modes" }, [element("legend", { text: config.labels.mode })]);
      ["units", "years"].forEach(function (mode) {
        var input = element("input", { type: "radio", name: "compare-mode", value: mode });
        input.checked = state.mode === mode;
        input.addEventListener("change", function () {
          state.mode = mode;
          update();
        });
        modes.appendChild(element("label", { class: "compare-choice" }, [input, element("span", { text: " " + config.labels["mode_" + mode] })]));
      });
      controls.appendChild(modes);
      if (index.kinds.length > 1) {
        var kinds = element("select", {});
        index.kinds.forEach(function (kind) {
          kinds.appendChild(element("option", { value: kind, text: config.labels["kinds_" + kind] }));
        });
        kinds.value = state.kind;
        kinds.addEventListener("change", function () {
          state.kind = kinds.value;
          state.units = [];
          state.unit = "";
          state.years = [];
          update();
        });
        controls.appendChild(labelled(config.labels.kind, kinds));
      }
      if (state.mode === "units") {
        var items = ofKind().map(function (each) {
          return { value: each.publication_id, label: named(each, config.lang) };
        });
        controls.appendChild(
          checkboxes(config.labels.choose_units, items, state.units, MAX_UNITS, function (chosen) {
            state.units = chosen;
            update();
          })
        );
      } else {
        var units = unitsWithKind();
        var select = element("select", {});
        units.forEach(function (unit) {
          select.appendChild(element("option", { value: unit.unit_id, text: nameOf(unit, config.lang) }));
        });
        if (!state.unit && units.length) state.unit = units[0].unit_id;
        select.value = state.unit;
        select.addEventListener("change", function () {
          state.unit = select.value;
          state.years = [];
          update();
        });
        controls.appendChild(labelled(config.labels.choose_unit, select));
        var chosenUnit = units.filter(function (unit) {
          return unit.unit_id === state.unit;
        })[0];
        var years = chosenUnit
          ? chosenUnit.publications
              .filter(function (each) {
                return each.kind === state.kind;
              })
              .map(function (each) {
                return each.year;
              })
          : [];
        if (!state.years.length) state.years = years.slice(-MAX_YEARS);
        controls.appendChild(
          checkboxes(
            config.labels.choose_years,
            years.map(function (each) {
              return { value: String(each), label: element("span", { text: String(each) }) };
            }),
            state.years.map(String),
            MAX_YEARS,
            function (chosen) {
              state.years = chosen.map(Number);
              update();
            }
          )
        );
      }
    }

    // The columns to compare: [{title node, entry of a year index, that index}], in the order chosen.
    function columns() {
      if (state.mode === "units") {
        var entries = ofKind();
        return Promise.resolve(
          state.units
            .map(function (id) {
              return entries.filter(function (each) {
                return each.publication_id === id;
              })[0];
            })
            .filter(Boolean)
            .map(function (entry) {
              return { title: pageLink(entry, config), entry: entry, index: index };
            })
        );
      }
      var unit = catalogue.units.filter(function (each) {
        return each.unit_id === state.unit;
      })[0];
      if (!unit) return Promise.resolve([]);
      var chosen = unit.publications.filter(function (each) {
        return each.kind === state.kind && state.years.indexOf(each.year) >= 0;
      });
      return Promise.all(
        chosen.map(function (publication) {
          return fetchJson(config.api + publication.year + "/index.json").then(function (yearIndex) {
            var entry = yearIndex.publications.filter(function (each) {
              return each.publication_id === publication.publication_id;
            })[0];
            var link = element("a", { href: config.root + (config.lang === "en" ? entry.page_en : entry.page_zh), text: String(publication.year) });
            return { title: link, entry: entry, index: yearIndex };
          });
        })
      );
    }

    function drawOutput(chosen) {
      output.textContent = "";
      if (chosen.length < 2) {
        output.appendChild(element("p", { class: "compare-hint", text: config.labels.too_few }));
        return;
      }
      // One unit for all columns: the largest unit among them (万元 rather than 元), amounts converted exactly as shown.
      var target = chosen
        .map(function (column) {
          return column.index.amount_unit;
        })
        .sort(function (a, b) {
          return Number(config.units[a].per_million) - Number(config.units[b].per_million);
        })[0];
      function inTarget(column, value) {
        return (value * Number(config.units[target].per_million)) / Number(config.units[column.index.amount_unit].per_million);
      }
      var names = {};
      chosen.forEach(function (column) {
        Object.keys(column.index.function_classes).forEach(function (code) {
          names[code] = column.index.function_classes[code];
        });
      });
      var codes = Object.keys(names).filter(function (code) {
        return chosen.some(function (column) {
          return column.entry.function_classes[code];
        });
      });
      codes.sort(function (a, b) {
        function sum(code) {
          return chosen.reduce(function (total, column) {
            return total + inTarget(column, column.entry.function_classes[code] || 0);
          }, 0);
        }
        return sum(b) - sum(a) || a.localeCompare(b);
      });
      var lines = [
        { label: config.labels.total, value: function (column) { return column.entry.total; } },
        { label: config.labels.basic, value: function (column) { return column.entry.basic; } },
        { label: config.labels.project, value: function (column) { return column.entry.project; } },
      ].concat(
        codes.map(function (code) {
          return {
            label: code + " " + nameOf(names[code], config.lang),
            value: function (column) { return column.entry.function_classes[code] || 0; },
            classLine: true,
          };
        })
      );
      var unitName = config.units[target].name;
      var head = element("tr", {}, [element("th", { scope: "col", text: config.labels.item })].concat(
        chosen.map(function (column, position) {
          return element("th", { scope: "col" }, [
            element("span", { class: "compare-swatch", style: "background:" + PALETTE[position], "aria-hidden": "true" }),
            column.title.cloneNode(true),
          ]);
        })
      ));
      var body = lines.map(function (line) {
        return element("tr", { class: line.classLine ? "compare-class" : "compare-sum" }, [element("th", { scope: "row", text: line.label })].concat(
          chosen.map(function (column) {
            return element("td", { class: "compare-number", text: amount(inTarget(column, line.value(column)), config.lang) });
          })
        ));
      });
      var table = element("table", {}, [
        element("caption", { text: config.labels.table + " · " + config.labels.in_unit.replace("{unit}", unitName) }),
        element("thead", {}, [head]),
        element("tbody", {}, body),
      ]);
      output.appendChild(element("div", { class: "compare-scroll" }, [table]));
      // The chart repeats the table's numbers as bars (hidden from screen readers, who have the table).
      var charted = lines.filter(function (line, position) {
        return position === 0 || line.classLine;
      });
      var largest = 0;
      charted.forEach(function (line) {
        chosen.forEach(function (column) {
          largest = Math.max(largest, inTarget(column, line.value(column)));
        });
      });
      var chart = element("div", { class: "compare-chart", "aria-hidden": "true" }, [
        element("p", { class: "compare-chart__title", text: config.labels.chart + " · " + config.labels.in_unit.replace("{unit}", unitName) }),
      ]);
      charted.forEach(function (line) {
        var group = element("div", { class: "compare-chart__group" }, [element("div", { class: "compare-chart__label", text: line.label })]);
        chosen.forEach(function (column, position) {
          var value = inTarget(column, line.value(column));
          group.appendChild(
            element("div", { class: "compare-chart__row" }, [
              bar(value, largest, PALETTE[position]),
              element("span", { class: "compare-chart__value", text: amount(value, config.lang) }),
            ])
          );
        });
        chart.appendChild(group);
      });
      output.appendChild(chart);
    }

    function update() {
      drawControls();
      remember({
        mode: state.mode === "units" ? "" : "years",
        kind: state.kind === index.kinds[0] ? "" : state.kind,
        units: state.mode === "units" ? state.units.join(",") : "",
        unit: state.mode === "years" ? state.unit : "",
        years: state.mode === "years" ? state.years.join(",") : "",
      });
      columns().then(drawOutput).catch(function (error) {
        console.error(error);
      });
    }

    update();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".class-ranking:empty"), ranking);
    Array.prototype.forEach.call(document.querySelectorAll(".budget-compare:empty"), compare);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
