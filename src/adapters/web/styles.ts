/**
 * The pages' only style sheet, served from /admin/style.css so the
 * Content-Security-Policy can forbid inline styles. Readable on a phone:
 * one column, large targets, no fixed widths.
 */
export const ADMIN_CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;background:#f6f7f9}
header{background:#1f3b57;color:#fff;padding:.75rem 1rem}
header a{color:#fff}
.who{margin:0 0 .5rem}
nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem .75rem}
nav a{display:inline-block;padding:.25rem 0}
nav a[aria-current=page]{font-weight:700;text-decoration-thickness:3px}
.logout{margin:.5rem 0 0}
.logout button{background:#fff;color:#1f3b57}
meter{width:4rem}
main{max-width:60rem;margin:0 auto;padding:1rem}
main.plain{max-width:36rem;padding-top:3rem}
h1{font-size:1.5rem;margin:.5rem 0 1rem}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
section,.card{overflow-x:auto;background:#fff;border:1px solid #d6dbe1;border-radius:6px;padding:.75rem 1rem;margin:0 0 1rem}
label{display:block;font-weight:600;margin:.5rem 0 .25rem}
input[type=text],textarea{width:100%;font:inherit;padding:.5rem;border:1px solid #8a96a3;border-radius:4px}
textarea{min-height:6rem}
button{font:inherit;padding:.45rem 1rem;border-radius:4px;border:1px solid #1f3b57;background:#1f3b57;color:#fff;cursor:pointer;margin:.5rem .5rem 0 0}
button.secondary{background:#fff;color:#1f3b57}
button:focus-visible,a:focus-visible,input:focus-visible,textarea:focus-visible{outline:3px solid #f0a500;outline-offset:2px}
.flash{background:#e3f4e8;border:1px solid #7cc08f;padding:.5rem .75rem;border-radius:4px}
.holds{color:#17692f;font-weight:600}
.broken{color:#a11d1d;font-weight:600}
.error{color:#a11d1d}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e3e7eb;vertical-align:top}
.bar{display:block;height:.6rem;background:#3d7bbf;border-radius:3px;min-width:2px}
.muted{color:#5b6670}
blockquote{margin:.25rem 0;padding-left:.75rem;border-left:3px solid #c5ccd3}
`;
