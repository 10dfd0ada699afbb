-- Key results with values the API no longer accepts (beyond ±1e12, NaN, ±Infinity) made their progress NaN,
-- and one such row turned GET …/objectives into a 500 for the whole workspace. Clamp them into the accepted
-- range; a current value that is not a number becomes "not measured yet".
UPDATE "key_results" SET
  "baseline" = CASE WHEN "baseline" = 'NaN' THEN 0 ELSE greatest(-1e12, least(1e12, "baseline")) END,
  "target" = CASE WHEN "target" = 'NaN' THEN 1 ELSE greatest(-1e12, least(1e12, "target")) END,
  "current" = CASE WHEN "current" = 'NaN' THEN NULL ELSE greatest(-1e12, least(1e12, "current")) END,
  "version" = "version" + 1,
  "updated_at" = now()
WHERE "baseline" = 'NaN' OR "target" = 'NaN' OR "current" = 'NaN'
  OR abs("baseline") > 1e12 OR abs("target") > 1e12 OR abs("current") > 1e12;
