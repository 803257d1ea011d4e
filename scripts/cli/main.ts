// Placeholder entry point; replaced by the CLI (commander) as commands land.
console.log('ioc-enrich');
