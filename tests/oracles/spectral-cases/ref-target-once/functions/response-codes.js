// Like baloise-incubator/spectral-ruleset's assert-http-codes-for-operation: a result whose
// path ends on a response given as a `$ref`.
module.exports = (target, options, context) => {
  const results = [];
  for (const verb of Object.keys(target)) {
    const responses = target[verb].responses || {};
    for (const code of Object.keys(responses)) {
      if (code === '402' || code === '418') {
        results.push({ message: `${code} is not well understood`, path: [...context.path, verb, 'responses', code] });
      }
    }
  }
  return results;
};
