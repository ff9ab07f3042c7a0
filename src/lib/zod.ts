// zod, through one module: `npm run build` replaces its output with a single-file bundle of zod
// (scripts/bundle-zod.mjs), which loads ~90 ms faster than zod's ~100 separate modules
export {z} from 'zod';
