/// The one stylesheet, served as a file (`/static/village.css`) so the Content-Security-Policy needs
/// no inline style. Phone first: one column, tables scroll sideways, charts scale to the width.
package enum Stylesheet {
    package static let path = "/static/village.css"
    package static let css = """
        *{box-sizing:border-box}
        body{margin:0;font-family:system-ui,-apple-system,"Noto Sans KR","Malgun Gothic","NanumGothic",sans-serif;background:#f3f5f4;color:#1d2521;line-height:1.45}
        header.top{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem;padding:.6rem 1rem;background:#1f5f4a;color:#fff}
        header.top a{color:#fff}
        .brand{font-weight:700;text-decoration:none}
        nav{display:flex;align-items:center;gap:.75rem}
        form.inline{display:inline}
        main{max-width:1180px;margin:0 auto;padding:.75rem}
        h1{font-size:1.4rem;margin:.5rem 0 .75rem}
        h2{font-size:1.1rem;margin:0 0 .5rem}
        .card{background:#fff;border-radius:8px;padding:1rem;margin:0 0 1rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
        .narrow{max-width:30rem}
        .figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(9rem,1fr));gap:.5rem;margin:0}
        .figures div{background:#f6f8f7;border-radius:6px;padding:.4rem .6rem}
        .figures dt{font-size:.8rem;color:#52605a}
        .figures dd{margin:0;font-size:1.1rem;font-weight:600;font-variant-numeric:tabular-nums}
        .chart-box svg{width:100%;height:auto;display:block}
        .scroll{overflow-x:auto}
        table{border-collapse:collapse;width:100%;font-size:.9rem}
        th,td{padding:.3rem .5rem;border-bottom:1px solid #e3e7e5;text-align:left;white-space:nowrap}
        .num{text-align:right;font-variant-numeric:tabular-nums}
        tr.detail td:first-child{padding-left:1.5rem;color:#52605a}
        tr.total td{font-weight:700}
        tr.current td{background:#eef7f2;font-weight:600}
        label{display:block;font-size:.9rem;margin:.6rem 0 .2rem}
        input,select,button{font:inherit;padding:.5rem;border:1px solid #9aa8a1;border-radius:6px;width:100%;max-width:22rem}
        button{background:#1f5f4a;color:#fff;border:0;margin-top:.8rem;width:auto;padding:.5rem 1.2rem;cursor:pointer}
        header button{margin:0;background:#fff;color:#1f5f4a;padding:.3rem .7rem}
        .field.invalid input,.field.invalid select{border-color:#b3261e}
        .field-error{display:block;color:#b3261e;font-size:.85rem}
        .hint{display:block;color:#52605a;font-size:.8rem}
        .error{color:#b3261e;font-weight:600}
        .ok{color:#1f5f4a;font-weight:600}
        .months a,.months strong{margin-right:.4rem}
        @media (min-width:900px){main{padding:1.25rem}}
        """
}
