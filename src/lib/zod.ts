// zod, through one module: `npm run build` replaces its output with a single-file bundle of zod
// (scripts/bundle.mjs) with only the parts src/ uses, which loads much faster than zod's ~100 modules
export {z} from 'zod';
