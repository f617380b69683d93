'use strict';
// Counts the bytes the peer benchmark's device side sends and receives over TCP, phase by phase,
// for ops/bench/peer-compare.sh. Loaded into the peer's node process with
//   NODE_OPTIONS="--require .../wire-count.cjs" WIRE_COUNT_FILE=out.json
// Every client socket's bytesWritten/bytesRead (HTTP headers and bodies as sent, gzip included)
// is added up; at each progress line of the benchmark ("[bench] push ...", "[bench] pull ...")
// the running totals are noted under that line's first word, and written as JSON at exit.
// The forked server process loads it too (NODE_OPTIONS is inherited) but opens no client
// socket and writes nothing.
const dc = require('diagnostics_channel');
const fs = require('fs');

const out = process.env.WIRE_COUNT_FILE;
if (out && !process.send) {
  const live = new Set();
  let closedWritten = 0;
  let closedRead = 0;
  let sockets = 0;
  dc.subscribe('net.client.socket', ({ socket }) => {
    sockets++;
    live.add(socket);
    socket.once('close', () => {
      closedWritten += socket.bytesWritten || 0;
      closedRead += socket.bytesRead || 0;
      live.delete(socket);
    });
  });
  const totals = () => {
    let written = closedWritten;
    let read = closedRead;
    for (const s of live) { written += s.bytesWritten || 0; read += s.bytesRead || 0; }
    return { sent: written, received: read, sockets };
  };
  const marks = [];
  const error = console.error.bind(console);
  console.error = (...args) => {
    const line = args.map(String).join(' ');
    const m = line.match(/^\[bench\] (\w+)/);
    if (m) marks.push(Object.assign({ mark: m[1] }, totals()));
    error(...args);
  };
  process.on('exit', () => {
    marks.push(Object.assign({ mark: 'exit' }, totals()));
    fs.writeFileSync(out, JSON.stringify(marks) + '\n');
  });
}
