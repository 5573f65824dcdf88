/** The dashboard at /: see App. */
import { render } from 'preact';
import { App } from './App.js';
import './style.css';

const root = document.getElementById('app')!;
// The "Loading…" placeholder goes: render adds to what is there.
root.textContent = '';
render(<App />, root);
