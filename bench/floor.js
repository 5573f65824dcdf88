// The floor: bare node:http writing precomputed bytes (the gateway's own
// response for the same request). node bench/floor.js PORT BODY_FILE
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [port, bodyFile] = process.argv.slice(2);
const bytes = readFileSync(bodyFile);
createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': bytes.length });
    res.end(bytes);
  });
}).listen(Number(port), '127.0.0.1', () => process.stdout.write(`listening http://127.0.0.1:${port}\n`));
