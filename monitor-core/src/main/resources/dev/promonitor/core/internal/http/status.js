// The status page: polls api/v1/exporters and updates the table in place.
// Data goes into the page only through textContent and attributes, never as markup.
(function () {
  "use strict";

  var POLL_MS = 2000;
  var STATES = {
    up: "up",
    failing: "failing",
    timed_out: "timed out",
    running: "running",
    pending: "pending",
    other_shard: "other shard"
  };

  var body = document.querySelector("#exporters tbody");
  var summary = document.getElementById("summary");
  var updated = document.getElementById("updated");
  var problem = document.getElementById("problem");
  var empty = document.getElementById("empty");
  var mode = document.getElementById("mode");
  var shard = document.getElementById("shard");
  var rows = new Map();
  var last = null;          // the last answer
  var receivedAt = 0;       // when it arrived, by this browser's clock
  var skew = 0;             // the host's clock minus this browser's, so times count from the host's

  function now() {
    return Date.now() + skew;
  }

  function seconds(value) {
    if (value === null || value === undefined) {
      return "\u2014";
    }
    if (value < 0.001) {
      return value === 0 ? "0\u00a0s" : "<\u00a01\u00a0ms";
    }
    if (value < 1) {
      return Math.round(value * 1000) + "\u00a0ms";
    }
    if (value < 60) {
      return (Math.round(value * 10) / 10) + "\u00a0s";
    }
    if (value < 3600) {
      return (Math.round(value / 6) / 10) + "\u00a0min";
    }
    return (Math.round(value / 360) / 10) + "\u00a0h";
  }

  function relative(iso, due) {
    var diff = Math.round((Date.parse(iso) - now()) / 1000);
    if (due && diff <= 0) {
      // A run due a moment ago is starting; one long overdue waits for a free worker or the host.
      return diff > -2 ? "now" : "overdue\u00a0" + relative(iso, false).replace("\u00a0ago", "");
    }
    var span = Math.abs(diff);
    var text;
    if (span < 60) {
      text = span + "\u00a0s";
    } else if (span < 3600) {
      text = Math.floor(span / 60) + "\u00a0min";
    } else if (span < 86400) {
      text = Math.floor(span / 3600) + "\u00a0h";
    } else {
      text = Math.floor(span / 86400) + "\u00a0d";
    }
    if (diff > 0) {
      return "in\u00a0" + text;
    }
    return diff === 0 ? "now" : text + "\u00a0ago";
  }

  function absolute(iso) {
    return new Date(iso).toLocaleString() + " (" + iso + ")";
  }

  function setTime(cell, iso, suffix) {
    if (!iso) {
      cell.textContent = "\u2014";
      cell.removeAttribute("title");
      return;
    }
    var time = cell.querySelector("time");
    if (!time) {
      cell.textContent = "";
      time = cell.appendChild(document.createElement("time"));
    }
    time.dateTime = iso;
    time.textContent = relative(iso, cell.classList.contains("next-run"));
    time.title = absolute(iso);
    var extra = cell.querySelector(".extra");
    if (suffix) {
      extra = extra || cell.appendChild(document.createElement("span"));
      extra.className = "extra";
      extra.textContent = suffix;
    } else if (extra) {
      extra.remove();
    }
  }

  /**
   * Puts text into an element with a line-break opportunity (a <wbr> element, which copies as
   * nothing) after each '/', '.', ':', '=', '&', '?', ',', ';' or '_' that a word goes on after,
   * so that paths and URLs wrap at their separators rather than inside a name. Text nodes only:
   * the text is never read as markup.
   */
  function setBreakableText(element, text) {
    element.textContent = "";
    text.split(/(?<=[\/.:=&?,;_])(?=[^\s\/.:=&?,;_])/).forEach(function (part, index) {
      if (index > 0) {
        element.appendChild(document.createElement("wbr"));
      }
      element.appendChild(document.createTextNode(part));
    });
  }

  function cell(row, name) {
    return row.querySelector("td." + name);
  }

  var COLUMNS = ["state", "type", "name", "schedule", "last-run", "next-run", "failures num", "series num", "runs"];

  /**
   * An exporter's row, and below it the row of its last error, which spans the table's width so
   * that a long message wraps at its spaces instead of widening the table.
   */
  function newRow() {
    var row = document.createElement("tr");
    COLUMNS.forEach(function (name) {
      var td = document.createElement("td");
      td.className = name;
      row.appendChild(td);
    });
    var badge = document.createElement("span");
    badge.className = "badge";
    cell(row, "state").appendChild(badge);
    var errorRow = document.createElement("tr");
    errorRow.className = "error-row";
    errorRow.hidden = true;
    var error = errorRow.appendChild(document.createElement("td"));
    error.className = "error";
    error.colSpan = COLUMNS.length;
    // A block that takes the cell's width without asking for any: the columns keep the widths
    // of their own cells, however long the message.
    var text = error.appendChild(document.createElement("div"));
    text.className = "error-text";
    var label = text.appendChild(document.createElement("span"));
    label.className = "label";
    label.textContent = "Last error ";
    text.appendChild(document.createElement("span")).className = "message";
    row.errorRow = errorRow;
    return row;
  }

  function fill(row, exporter) {
    var state = STATES[exporter.state] ? exporter.state : "pending";
    row.dataset.state = state;
    var badge = cell(row, "state").querySelector(".badge");
    badge.className = "badge state-" + state.replace("_", "-");
    badge.textContent = state === "other_shard" ? "shard " + exporter.shard : STATES[state];
    badge.title = state === "other_shard" ? "run by the replica of shard " + exporter.shard : "";
    cell(row, "type").textContent = exporter.type;
    cell(row, "name").textContent = exporter.name;
    cell(row, "schedule").textContent =
      "every\u00a0" + seconds(exporter.interval_seconds) + ", timeout\u00a0" + seconds(exporter.timeout_seconds);
    var lastRun = cell(row, "last-run");
    if (exporter.last_run_end) {
      setTime(lastRun, exporter.last_run_end, " \u00b7 took\u00a0" + seconds(exporter.last_run_duration_seconds));
      if (exporter.last_success && exporter.last_success !== exporter.last_run_end) {
        lastRun.title = "last success: " + absolute(exporter.last_success);
      } else if (!exporter.last_success) {
        lastRun.title = "no success yet";
      } else {
        lastRun.removeAttribute("title");
      }
    } else {
      lastRun.textContent = state === "other_shard" ? "on shard " + exporter.shard : "not yet";
    }
    setTime(cell(row, "next-run"), exporter.next_run, "");
    cell(row, "failures").textContent = String(exporter.consecutive_failures);
    cell(row, "failures").classList.toggle("bad", exporter.consecutive_failures > 0);
    cell(row, "series").textContent = String(exporter.series);
    var runs = exporter.runs.success + "\u00a0ok, " + exporter.runs.failure + "\u00a0failed";
    if (exporter.runs.timeout > 0) {
      runs += ", " + exporter.runs.timeout + "\u00a0timed\u00a0out";
    }
    if (exporter.skipped_runs > 0) {
      runs += ", " + exporter.skipped_runs + "\u00a0skipped";
    }
    cell(row, "runs").textContent = runs;
    if (state === "other_shard") {
      // Run by another replica: this one knows its schedule only.
      ["failures", "series", "runs"].forEach(function (name) {
        cell(row, name).textContent = "\u2014";
      });
    }
    var errorRow = row.errorRow;
    errorRow.dataset.state = state;
    if (exporter.last_error) {
      setBreakableText(errorRow.querySelector(".message"), exporter.last_error);
      errorRow.hidden = false;
    } else {
      errorRow.querySelector(".message").textContent = "";
      errorRow.hidden = true;
    }
  }

  function render(data) {
    mode.textContent = data.mode;
    if (data.shard && data.shard.count > 1) {
      shard.hidden = false;
      shard.textContent = " \u00b7 shard " + data.shard.index + "/" + data.shard.count;
    }
    var seen = new Set();
    var counts = { up: 0, failing: 0, timed_out: 0, running: 0, pending: 0, other_shard: 0 };
    var at = 0;
    data.exporters.forEach(function (exporter) {
      var key = exporter.type + "\u0000" + exporter.name;
      seen.add(key);
      var row = rows.get(key);
      if (!row) {
        row = newRow();
        row.dataset.type = exporter.type;
        row.dataset.name = exporter.name;
        rows.set(key, row);
      }
      [row, row.errorRow].forEach(function (element) {
        if (body.children[at] !== element) {
          body.insertBefore(element, body.children[at] || null);
        }
        at++;
      });
      fill(row, exporter);
      counts[STATES[exporter.state] ? exporter.state : "pending"]++;
    });
    rows.forEach(function (row, key) {
      if (!seen.has(key)) {
        row.errorRow.remove();
        row.remove();
        rows.delete(key);
      }
    });
    var total = data.exporters.length;
    var parts = [total + (total === 1 ? " exporter" : " exporters"), counts.up + " up", counts.failing + " failing"];
    if (counts.timed_out > 0) {
      parts.push(counts.timed_out + " timed out");
    }
    if (counts.running > 0) {
      parts.push(counts.running + " running");
    }
    if (counts.pending > 0) {
      parts.push(counts.pending + " pending");
    }
    if (counts.other_shard > 0) {
      parts.push(counts.other_shard + " on other shards");
    }
    summary.textContent = parts.join(" \u00b7 ");
    summary.classList.toggle("bad", counts.failing + counts.timed_out > 0);
    empty.hidden = total > 0;
  }

  // Between polls, relative times and the "updated" line move on by themselves.
  function tick() {
    if (!last) {
      return;
    }
    document.querySelectorAll("#exporters time").forEach(function (time) {
      time.textContent = relative(time.dateTime, time.parentNode.classList.contains("next-run"));
    });
    var age = Math.round((Date.now() - receivedAt) / 1000);
    updated.textContent = (problem.hidden ? "Updated " : "Last updated ") + (age < 1 ? "just now" : age + " s ago");
    updated.title = new Date(receivedAt).toLocaleString();
    updated.classList.toggle("stale", !problem.hidden);
  }

  function poll() {
    fetch("api/v1/exporters", { cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        receivedAt = Date.now();
        skew = Date.parse(data.generated_at) - receivedAt;
        last = data;
        problem.hidden = true;
        problem.textContent = "";
        render(data);
      })
      .catch(function (error) {
        problem.hidden = false;
        problem.textContent = "Cannot reach the host (" + error.message + ")"
          + (last ? "; showing the data from before." : ".");
        if (!last) {
          summary.textContent = "No data yet.";
        }
      })
      .then(function () {
        tick();
        setTimeout(poll, POLL_MS);
      });
  }

  setInterval(tick, 1000);
  poll();
})();
